import { describe, expect, it } from 'vitest';
import { createTokenCache } from '../../../src/auth/token-cache.js';

const alice = { userId: 'alice', roles: [] };
const bob = { userId: 'bob', roles: ['admin'] };

describe('token cache', () => {
  it('returns the principal of a token it was given', () => {
    const cache = createTokenCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => 1_000_000 });
    cache.set('t1', alice, 2_000);
    expect(cache.get('t1')).toEqual(alice);
    expect(cache.get('t2')).toBeUndefined();
  });

  it('forgets a token once it expires', () => {
    let now = 1_000_000;
    const cache = createTokenCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => now });
    cache.set('t1', alice, 1_010);
    now = 1_010_000;
    expect(cache.get('t1')).toBeUndefined();
  });

  it('forgets a long-lived token after maxAgeMs, so a revoked key stops working', () => {
    let now = 1_000_000;
    const cache = createTokenCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => now });
    cache.set('t1', alice, 999_999);
    now += 60_000;
    expect(cache.get('t1')).toBeUndefined();
  });

  it('does not keep a token that has already expired', () => {
    const cache = createTokenCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => 1_000_000 });
    cache.set('t1', alice, 999);
    expect(cache.get('t1')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = createTokenCache({ maxEntries: 2, maxAgeMs: 60_000, now: () => 1_000_000 });
    cache.set('t1', alice, 2_000);
    cache.set('t2', bob, 2_000);
    cache.set('t3', bob, 2_000);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toEqual(bob);
    expect(cache.get('t3')).toEqual(bob);
  });
});
