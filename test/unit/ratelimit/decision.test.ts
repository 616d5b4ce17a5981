import { RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { secondsUntilReset, toDecision } from '../../../src/ratelimit/decision.js';

describe('secondsUntilReset', () => {
  it.each([
    [60_000, 60],
    [59_001, 60],
    [1_000, 1],
    [1, 1],
    [0, 1],
    [-1, 1],
    [Number.NaN, 1],
  ])('%d ms → %d s', (ms, seconds) => {
    expect(secondsUntilReset(ms)).toBe(seconds);
  });
});

describe('toDecision', () => {
  it('keeps the remaining points of an allowed call', () => {
    expect(toDecision(5, true, new RateLimiterRes(3, 42_500, 2, false))).toEqual({ allowed: true, limit: 5, remaining: 3, resetSeconds: 43 });
  });

  it('reports nothing remaining and at least one second for a refusal', () => {
    expect(toDecision(5, false, new RateLimiterRes(0, 200, 6, false))).toEqual({ allowed: false, limit: 5, remaining: 0, resetSeconds: 1 });
  });
});
