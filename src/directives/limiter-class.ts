import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateDecision, RateLimiterFactory } from '../ratelimit/rate-limiter.js';

type LimiterOptions = NonNullable<ConstructorParameters<typeof RateLimiterMemory>[0]>;

/**
 * graphql-rate-limit-directive builds its own limiters (`new limiterClass({ points, duration,
 * keyPrefix })`, one per limit/duration pair): this class hands each one to the shared factory, so
 * the directives count in the same store as the passthrough, with its local fallback. The library
 * rethrows any Error from `consume` as a field error; the factory never rejects, so a store failure
 * cannot reach a client. A refusal is a rejected RateLimiterRes, the library's cue to call `onLimit`.
 *
 * It extends RateLimiterMemory only because the library's type asks for a RateLimiterAbstract and
 * rate-limiter-flexible does not export that class at runtime; none of the memory state is used.
 */
export function sharedLimiterClass(factory: RateLimiterFactory): typeof RateLimiterAbstract {
  return class SharedLimiter extends RateLimiterMemory {
    readonly #shared: { consume(key: string): Promise<RateDecision> };

    constructor(options: LimiterOptions) {
      super(options);
      this.#shared = factory.limiter(this.points, this.duration, this.keyPrefix);
    }

    override async consume(key: string | number): Promise<RateLimiterRes> {
      const decision = await this.#shared.consume(String(key));
      const res = toRateLimiterRes(decision);
      if (!decision.allowed) return Promise.reject(res);
      return res;
    }
  };
}

function toRateLimiterRes(decision: RateDecision): RateLimiterRes {
  const consumed = decision.allowed ? decision.limit - decision.remaining : decision.limit + 1;
  return new RateLimiterRes(decision.remaining, decision.resetSeconds * 1000, consumed, false);
}
