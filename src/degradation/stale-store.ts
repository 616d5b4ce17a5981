/** A last good value and when it was received (wall-clock ms, comparable across replicas). */
export interface StaleHit {
  readonly value: unknown;
  readonly storedAt: number;
}

/**
 * Last good upstream answers, shared by every request of the gateway (memory, or memory in front
 * of Redis). Keys already carry the caller's scope (stale-kinds.ts). No method ever throws or
 * rejects: a store that fails only means no stale data, never a failed request.
 */
export interface StaleStore {
  /** false when STALE_MAX_AGE_S=0: callers skip every bit of bookkeeping */
  readonly enabled: boolean;
  /**
   * Keeps `value` as the latest good answer for `key`, never awaited. A key stored less than a
   * tenth of STALE_MAX_AGE_S ago (at most 30 s) is left as it is: O(1) on the request path.
   */
  remember(key: string, value: unknown): void;
  /** The latest good answer for `key` if younger than STALE_MAX_AGE_S. */
  recall(key: string): Promise<StaleHit | undefined>;
  /** Drops these keys, here and in Redis (a mutation changed what they hold). */
  forget(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The stores keep each value as its JSON text (`JSON.stringify` when an entry is stored): one
 * string per entry instead of a graph of objects for every full GC to mark, and a byte budget
 * that counts what is really held. This is a kept entry as a hit, its value parsed back.
 */
export function keptHit(entry: { readonly value: unknown; readonly storedAt: number }): StaleHit {
  return { value: JSON.parse(entry.value as string) as unknown, storedAt: entry.storedAt };
}

/** STALE_MAX_AGE_S=0. */
export const DISABLED_STALE_STORE: StaleStore = {
  enabled: false,
  remember: () => undefined,
  recall: () => Promise.resolve(undefined),
  forget: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
