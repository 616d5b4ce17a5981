import { Lru, freshForMs, type LruLimits } from './lru.js';
import { keptHit, type StaleStore } from './stale-store.js';

/** Last good data in this process only (no REDIS_URL), kept as JSON text (keptHit). `now` is wall-clock ms. */
export function createMemoryStaleStore(limits: LruLimits, now: () => number): StaleStore {
  const lru = new Lru(limits);
  const freshMs = freshForMs(limits);
  return {
    enabled: true,
    remember: (key, value) => void lru.refresh(key, value, now(), freshMs, JSON.stringify),
    recall: (key) => {
      const entry = lru.get(key, now());
      return Promise.resolve(entry === undefined ? undefined : keptHit(entry));
    },
    forget: (keys) => {
      for (const key of keys) lru.delete(key);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
