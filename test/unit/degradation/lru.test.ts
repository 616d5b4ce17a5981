import { describe, expect, it } from 'vitest';
import { approxBytes } from '../../../src/degradation/approx-bytes.js';
import { Lru } from '../../../src/degradation/lru.js';

const LIMITS = { maxAgeMs: 1000, maxEntries: 3, maxBytes: 1_000_000 };

describe('Lru', () => {
  it('keeps values by reference', () => {
    const lru = new Lru(LIMITS);
    const value = { id: 'u1' };
    lru.set('a', value, 0);
    expect(lru.get('a', 0)?.value).toBe(value);
  });

  it('keeps a value younger than freshMs when refreshed, and replaces an older one', () => {
    const lru = new Lru(LIMITS);
    const made: unknown[] = [];
    const encode = (v: unknown) => (made.push(v), v);
    lru.refresh('a', 'first', 0, 100, encode);
    lru.refresh('a', 'second', 99, 100, encode);
    expect(lru.get('a', 99)).toMatchObject({ value: 'first', storedAt: 0 });
    lru.refresh('a', 'third', 100, 100, encode);
    expect(lru.get('a', 100)).toMatchObject({ value: 'third', storedAt: 100 });
    // a value left out is never encoded
    expect(made).toEqual(['first', 'third']);
  });

  it('evicts the least recently stored key past maxEntries', () => {
    const lru = new Lru(LIMITS);
    for (const key of ['a', 'b', 'c']) lru.set(key, key, 0);
    lru.set('a', 'again', 1);
    lru.set('d', 'd', 2);
    expect(lru.get('b', 2)).toBeUndefined();
    expect(lru.get('a', 2)?.value).toBe('again');
    expect(lru.size).toBe(3);
  });

  it('drops an entry older than maxAgeMs when read', () => {
    const lru = new Lru(LIMITS);
    lru.set('a', 'x', 0);
    expect(lru.get('a', 1000)?.value).toBe('x');
    expect(lru.get('a', 1001)).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('evicts to stay under maxBytes and refuses a value larger than all of it', () => {
    const one = 'x'.repeat(100);
    const lru = new Lru({ ...LIMITS, maxEntries: 100, maxBytes: 2 * (96 + 2 + approxBytes(one)) });
    lru.set('a', one, 0);
    lru.set('b', one, 0);
    lru.set('c', one, 0);
    expect(lru.get('a', 0)).toBeUndefined();
    expect(lru.size).toBe(2);
    lru.set('d', 'y'.repeat(10_000), 0);
    expect(lru.get('d', 0)).toBeUndefined();
    expect(lru.bytes).toBeLessThanOrEqual(2 * (96 + 2 + approxBytes(one)));
  });

  it('keeps the byte count exact across refreshes and deletes', () => {
    const lru = new Lru(LIMITS);
    lru.set('a', 'short', 0);
    lru.set('a', 'a much longer value', 1);
    lru.delete('a');
    expect(lru.bytes).toBe(0);
  });
});

describe('approxBytes', () => {
  it('grows with strings and items', () => {
    expect(approxBytes({ items: [{ name: 'a' }, { name: 'b' }] })).toBeGreaterThan(approxBytes({ items: [{ name: 'a' }] }));
    expect(approxBytes('x'.repeat(100))).toBeGreaterThan(200);
  });
});
