import { describe, expect, it } from 'vitest';
import { MAX_DRAIN_DELAY_MS, drainDelayMs } from '../../../src/server/shutdown.js';

describe('drainDelayMs', () => {
  it.each([
    [10_000, MAX_DRAIN_DELAY_MS],
    [4000, 2000],
    [3000, 1500],
    [1, 0],
  ])('is min(2000, grace / 2) for a grace of %i ms', (graceMs, expected) => {
    expect(drainDelayMs(graceMs)).toBe(expected);
  });
});
