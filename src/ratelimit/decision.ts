import type { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision } from './rate-limiter.js';

/** Milliseconds until a window resets → whole seconds, at least 1 (what Retry-After and `reset=` need). */
export function secondsUntilReset(msBeforeNext: number): number {
  return Number.isFinite(msBeforeNext) ? Math.max(1, Math.ceil(msBeforeNext / 1000)) : 1;
}

/** rate-limiter-flexible's answer (a resolved or a rejected RateLimiterRes) → our decision. */
export function toDecision(limit: number, allowed: boolean, res: RateLimiterRes): RateDecision {
  return {
    allowed,
    limit,
    remaining: allowed ? Math.max(0, Math.min(limit, res.remainingPoints)) : 0,
    resetSeconds: secondsUntilReset(res.msBeforeNext),
  };
}
