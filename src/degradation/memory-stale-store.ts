import { Lru, freshForMs, type LruLimits } from './lru.js';
import type { StaleStore } from './stale-store.js';

/** Last good data in this process only (no REDIS_URL). `now` is wall-clock ms. */
export function createMemoryStaleStore(limits: LruLimits, now: () => number): StaleStore {
  const lru = new Lru(limits);
  const freshMs = freshForMs(limits);
  return {
    enabled: true,
    remember: (key, value) => void lru.refresh(key, value, now(), freshMs),
    recall: (key) => Promise.resolve(lru.get(key, now())),
    forget: (keys) => {
      for (const key of keys) lru.delete(key);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
