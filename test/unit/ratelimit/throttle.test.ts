import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../../src/ratelimit/throttle.js';

describe('createThrottle', () => {
  it('lets the first call through, then at most one per interval', () => {
    let now = 1_000;
    const allow = createThrottle(30_000, () => now);
    expect(allow()).toBe(true);
    now += 29_999;
    expect(allow()).toBe(false);
    now += 1;
    expect(allow()).toBe(true);
    expect(allow()).toBe(false);
  });
});
