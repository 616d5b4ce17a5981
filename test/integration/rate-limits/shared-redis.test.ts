import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { REDIS_URL, deletePrefixed, describeWithRedis, startRedisProxy, uniquePrefix, type RedisProxy } from '../../support/redis.js';
import { ADD_TO_CART, CHECKOUT, item, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

const describeRedis = await describeWithRedis();

describeRedis('two gateway replicas sharing one Redis', () => {
  const prefix = uniquePrefix('replicas');
  let fakes: FakeUpstreams;
  const gateways: TestGateway[] = [];
  const proxies: RedisProxy[] = [];

  beforeEach(async () => {
    fakes = await startFakeUpstreams();
    fakes.store.addUser({ id: 'carol' });
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    await fakes.close();
  });
  afterAll(() => deletePrefixed(prefix));

  async function replica(redisUrl = REDIS_URL, label = 'one'): Promise<TestGateway> {
    const gateway = await startTestGateway({ ...fakes.env, REDIS_URL: redisUrl }, { rateLimitKeyPrefix: `${prefix}-${label}` });
    gateways.push(gateway);
    return gateway;
  }

  const codes = (reply: { errors: readonly { extensions?: { code?: string } }[] }) => reply.errors.map((error) => error.extensions?.code);

  it('refuses the sixth checkout across both replicas together', async () => {
    const [a, b] = [await replica(REDIS_URL, 'shared'), await replica(REDIS_URL, 'shared')];
    await a.ask(ADD_TO_CART, { as: 'carol', variables: item('p-1') });

    const replies = [];
    for (const gateway of [a, b, a, b, a]) replies.push(await gateway.ask(CHECKOUT, { as: 'carol', variables: { key: 'k' } }));
    expect(replies.map(codes)).toEqual([[], [], [], [], []]);

    const sixth = await b.ask(CHECKOUT, { as: 'carol', variables: { key: 'k' } });
    expect(sixth.data).toBeNull();
    expect(sixth.errors).toEqual([expect.objectContaining({ path: ['checkout'], extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } })]);
    expect(codes(await a.ask(CHECKOUT, { as: 'carol', variables: { key: 'k' } }))).toEqual(['RATE_LIMITED']);
    expect(await a.metric('gateway_rate_limit_store_failures_total')).toBe(0);
    expect(await b.metric('gateway_rate_limit_store_failures_total')).toBe(0);
  });

  it('keeps the counter in Redis under the key prefix, the field and the user, expiring with the window', async () => {
    const gateway = await replica(REDIS_URL, 'keys');
    await gateway.ask(ADD_TO_CART, { as: 'carol', variables: item('p-1') });
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}-keys:*`);
      expect(keys).toEqual([`${prefix}-keys:graphql:Mutation.addToCart:user:carol`]);
      const ttl = await redis.pttl(keys[0] ?? '');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await redis.quit();
    }
  });

  it('keeps serving when Redis goes away mid-way, counting locally, and warns once', async () => {
    const proxy = await startRedisProxy();
    proxies.push(proxy);
    const gateway = await replica(proxy.url, 'cut');
    await gateway.ask(ADD_TO_CART, { as: 'carol', variables: item('p-1') });
    expect(await gateway.metric('gateway_rate_limit_store_failures_total')).toBe(0);

    await proxy.cut();
    for (let i = 0; i < 5; i += 1) expect(codes(await gateway.ask(CHECKOUT, { as: 'carol', variables: { key: 'k' } }))).toEqual([]);
    expect(codes(await gateway.ask(CHECKOUT, { as: 'carol', variables: { key: 'k' } }))).toEqual(['RATE_LIMITED']);
    expect(await gateway.metric('gateway_rate_limit_store_failures_total')).toBe(6);
    expect(fallbackWarnings(gateway)).toHaveLength(1);
  });

  it('keeps serving within the command timeout when Redis stops answering mid-way', async () => {
    const proxy = await startRedisProxy();
    proxies.push(proxy);
    const gateway = await replica(proxy.url, 'freeze');
    await gateway.ask(ADD_TO_CART, { as: 'carol', variables: item('p-1') });

    proxy.freeze();
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      expect(codes(await gateway.ask(ADD_TO_CART, { as: 'carol', variables: item('p-1') }))).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1500);
    }
    expect(await gateway.metric('gateway_rate_limit_store_failures_total')).toBe(3);
    expect(fallbackWarnings(gateway)).toHaveLength(1);
  });
});

function fallbackWarnings(gateway: TestGateway): unknown[] {
  return gateway.logs().filter((line) => typeof line.msg === 'string' && line.msg.startsWith('rate limits: Redis unavailable'));
}
