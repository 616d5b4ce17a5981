import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Metrics } from '../observability/metrics.js';
import { toDecision } from './decision.js';
import { connectRedis, type RedisConnection } from './redis-client.js';
import { createThrottle } from './throttle.js';

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** seconds until the window resets, ≥ 1 when refused */
  readonly resetSeconds: number;
}

export interface RateLimiterFactory {
  limiter(points: number, durationSeconds: number, prefix: string): { consume(key: string): Promise<RateDecision> };
  close(): Promise<void>;
}

/** How often the "Redis unavailable, counting locally" warning may repeat. */
export const FALLBACK_WARNING_INTERVAL_MS = 30_000;
const DEFAULT_KEY_PREFIX = 'gateway';

type LimiterOptions = NonNullable<ConstructorParameters<typeof RateLimiterMemory>[0]>;

/**
 * Fixed-window counters, built once per gateway and shared by the GraphQL directives and the
 * passthrough. With `redisUrl` the counters live in Redis, so replicas together allow what one
 * would; without it, in this process. When Redis fails, hangs or is not connected, a request is
 * counted by a local in-memory limiter of the same limit instead (fail open, never an error): the
 * `rateLimitStoreFailure` metric counts each such answer and a warning is logged at most every 30 s.
 * `consume` never rejects. `keyPrefix` namespaces every counter (tests sharing one Redis use a unique one).
 */
export function createRateLimiterFactory(options: {
  redisUrl: URL | undefined;
  logger: Logger;
  metrics: Metrics;
  keyPrefix?: string;
}): RateLimiterFactory {
  const namespace = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const redis = options.redisUrl === undefined ? undefined : connectRedis(options.redisUrl, options.logger);
  const onFallback = fallbackReporter(options.logger, options.metrics, redis);
  const limiters = new Map<string, { consume(key: string): Promise<RateDecision> }>();

  const build = (points: number, duration: number, prefix: string) => {
    const settings: LimiterOptions = { points, duration, keyPrefix: `${namespace}:${prefix}` };
    const store =
      redis === undefined
        ? new RateLimiterMemory(settings)
        : new RateLimiterRedis({
            ...settings,
            storeClient: redis.client,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new LocalFallback(settings, onFallback),
          });
    let started = redis === undefined;
    return {
      async consume(key: string): Promise<RateDecision> {
        // Right after startup, let the first connection attempt settle (bounded) so the first
        // requests are counted in Redis rather than locally.
        if (!started && redis !== undefined) await redis.firstAttempt.then(() => (started = true));
        try {
          return toDecision(points, true, await store.consume(key));
        } catch (outcome) {
          if (outcome instanceof RateLimiterRes) return toDecision(points, false, outcome);
          onFallback();
          return { allowed: true, limit: points, remaining: points, resetSeconds: duration };
        }
      },
    };
  };

  return {
    limiter(points, durationSeconds, prefix) {
      const id = `${prefix}\u0000${points}\u0000${durationSeconds}`;
      let limiter = limiters.get(id);
      if (limiter === undefined) {
        limiter = build(points, durationSeconds, prefix);
        limiters.set(id, limiter);
      }
      return limiter;
    },
    close: async () => {
      await redis?.close();
    },
  };
}

/** rate-limiter-flexible's insurance limiter, reporting each time it has to answer for Redis. */
class LocalFallback extends RateLimiterMemory {
  readonly #onUse: () => void;

  constructor(settings: LimiterOptions, onUse: () => void) {
    super(settings);
    this.#onUse = onUse;
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    this.#onUse();
    return super.consume(key, points, options);
  }
}

function fallbackReporter(logger: Logger, metrics: Metrics, redis: RedisConnection | undefined): () => void {
  const shouldWarn = createThrottle(FALLBACK_WARNING_INTERVAL_MS);
  let unreported = 0;
  return () => {
    metrics.rateLimitStoreFailure();
    unreported += 1;
    if (!shouldWarn()) return;
    logger.warn(
      { localAnswers: unreported, cause: redis?.lastError() },
      'rate limits: Redis unavailable, counting in this process until it answers again',
    );
    unreported = 0;
  };
}
