import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.js';
import { createRateLimiterFactory, type RateLimiterFactory } from '../../../src/ratelimit/rate-limiter.js';
import { REDIS_URL, UNREACHABLE_REDIS_URL, deletePrefixed, describeWithRedis, startSilentRedis, uniquePrefix } from '../../support/redis.js';

const describeRedis = await describeWithRedis();

interface Harness {
  readonly factory: RateLimiterFactory;
  readonly metrics: Metrics;
  readonly logs: Record<string, unknown>[];
}

const open: RateLimiterFactory[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((factory) => factory.close()));
});

function harness(redisUrl: string | undefined, keyPrefix = uniquePrefix('unit')): Harness {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const metrics = createMetrics();
  const factory = createRateLimiterFactory({
    redisUrl: redisUrl === undefined ? undefined : new URL(redisUrl),
    logger: createLogger('info', destination),
    metrics,
    keyPrefix,
  });
  open.push(factory);
  return { factory, metrics, logs };
}

async function storeFailures(metrics: Metrics): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('gateway_rate_limit_store_failures_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('createRateLimiterFactory without Redis (memory)', () => {
  it('allows `points` calls per window, then refuses until the window resets', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const limiter = harness(undefined).factory.limiter(2, 10, 'test');

    expect(await limiter.consume('k')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 10 });
    expect(await limiter.consume('k')).toEqual({ allowed: true, limit: 2, remaining: 0, resetSeconds: 10 });
    vi.advanceTimersByTime(4_500);
    expect(await limiter.consume('k')).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 6 });

    vi.advanceTimersByTime(5_500);
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('counts each key and each prefix on its own', async () => {
    const { factory } = harness(undefined);
    await factory.limiter(1, 60, 'a').consume('k');
    expect((await factory.limiter(1, 60, 'a').consume('other')).allowed).toBe(true);
    expect((await factory.limiter(1, 60, 'b').consume('k')).allowed).toBe(true);
    expect((await factory.limiter(1, 60, 'a').consume('k')).allowed).toBe(false);
  });
});

describe('createRateLimiterFactory with a Redis that cannot be used', () => {
  it('answers from the local fallback when Redis refuses connections: same limit, metric counted, one warning', async () => {
    const { factory, metrics, logs } = harness(UNREACHABLE_REDIS_URL);
    const limiter = factory.limiter(3, 60, 'test');
    const decisions = [];
    for (let i = 0; i < 5; i += 1) decisions.push(await limiter.consume('k'));

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[4]?.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(await storeFailures(metrics)).toBe(5);
    const warnings = logs.filter((line) => line.msg === 'rate limits: Redis unavailable, counting in this process until it answers again');
    expect(warnings).toEqual([expect.objectContaining({ level: 40, localAnswers: 1 })]);
  });

  it('answers within the command timeout when Redis accepts connections and never answers', async () => {
    const silent = await startSilentRedis();
    try {
      const { factory, metrics } = harness(silent.url);
      const limiter = factory.limiter(3, 60, 'test');
      const started = performance.now();
      for (let i = 0; i < 3; i += 1) expect((await limiter.consume('k')).allowed).toBe(true);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(await storeFailures(metrics)).toBe(3);

      const closing = performance.now();
      await factory.close();
      expect(performance.now() - closing).toBeLessThan(1000);
    } finally {
      await silent.close();
    }
  });
});

describeRedis('createRateLimiterFactory with Redis', () => {
  const prefix = uniquePrefix('unit-redis');
  afterAll(() => deletePrefixed(prefix));

  it('shares one count between two factories (two replicas) on the same prefix', async () => {
    const one = harness(REDIS_URL, prefix);
    const two = harness(REDIS_URL, prefix);
    const [a, b] = [one.factory.limiter(3, 60, 'shared'), two.factory.limiter(3, 60, 'shared')];

    const decisions = [await a.consume('k'), await b.consume('k'), await a.consume('k'), await b.consume('k')];
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]?.resetSeconds).toBeGreaterThanOrEqual(59);
    expect(await storeFailures(one.metrics)).toBe(0);
    expect(await storeFailures(two.metrics)).toBe(0);
  });

  it('stores the counter under <keyPrefix>:<prefix>:<key> with the window as its expiry', async () => {
    const { factory } = harness(REDIS_URL, prefix);
    await factory.limiter(5, 30, 'expiry').consume('user:x');
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.get(`${prefix}:expiry:user:x`)).toBe('1');
      const ttl = await redis.pttl(`${prefix}:expiry:user:x`);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      await redis.quit();
    }
  });

  it('quits its Redis connection on close()', async () => {
    const { factory } = harness(REDIS_URL, prefix);
    await factory.limiter(5, 30, 'close').consume('k');
    const redis = new Redis(REDIS_URL);
    try {
      const named = async () => String(await redis.call('CLIENT', 'LIST')).split('\n').filter((line) => line.includes('name=gateway-rate-limits')).length;
      const before = await named();
      expect(before).toBeGreaterThanOrEqual(1);
      await factory.close();
      await expect.poll(named).toBe(before - 1);
    } finally {
      await redis.quit();
    }
  });
});
