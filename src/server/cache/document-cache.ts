import { LRUCache } from 'lru-cache';

/** Yoga's cache interface for parsed documents and parse errors, keyed by the query text. */
export interface DocumentCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /**
   * Whether `value` was admitted. A value that was not will never be handed out again, so
   * nothing learnt about it (its validation, its execution count) is worth remembering.
   */
  admitted(value: T): boolean;
}

/**
 * A bounded LRU that admits a document on its second sight: a stream of never-repeated documents
 * (normal traffic, and an attacker's first try) then neither grows memory nor evicts the documents
 * clients do repeat. First sights are remembered as keys only, in a set cleared when it fills.
 */
export function createDocumentCache<T extends object>(maxEntries: number): DocumentCache<T> {
  const entries = new LRUCache<string, T>({ max: maxEntries });
  const seenOnce = new Set<string>();
  const kept = new WeakSet<T>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      if (seenOnce.delete(key)) {
        entries.set(key, value);
        kept.add(value);
        return;
      }
      if (seenOnce.size >= maxEntries) seenOnce.clear();
      seenOnce.add(key);
    },
    admitted: (value) => kept.has(value),
  };
}
