import { Lru, freshForMs, type LruLimits } from './lru.js';
import type { StaleStore } from './stale-store.js';

/**
 * Last good data in this process only (no REDIS_URL). `now` is wall-clock ms. Values are kept as
 * their JSON text: one string per entry instead of a graph of objects for every full GC to mark
 * (the store holds thousands of entries), and the byte budget counts what is really held.
 */
export function createMemoryStaleStore(limits: LruLimits, now: () => number): StaleStore {
  const lru = new Lru(limits);
  const freshMs = freshForMs(limits);
  return {
    enabled: true,
    remember: (key, value) => void lru.refresh(key, () => JSON.stringify(value), now(), freshMs),
    recall: (key) => {
      const entry = lru.get(key, now());
      return Promise.resolve(entry === undefined ? undefined : { value: JSON.parse(entry.value as string) as unknown, storedAt: entry.storedAt });
    },
    forget: (keys) => {
      for (const key of keys) lru.delete(key);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
