import { approxBytes } from './approx-bytes.js';

export interface LruLimits {
  readonly maxAgeMs: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** One kept value; mutated in place when the key is refreshed (no allocation per refresh). */
export interface LruEntry {
  value: unknown;
  storedAt: number;
  bytes: number;
  /** when this key was last written to Redis (wall-clock ms); undefined: never */
  sharedAt: number | undefined;
}

/** How long a kept value stands without being replaced by a newer good read: STALE_MAX_AGE_S / 10, at most 30 s. */
export const freshForMs = (limits: LruLimits): number => Math.min(30_000, limits.maxAgeMs / 10);

/** Bytes of bookkeeping per entry besides the value (Map slot, entry object, key). */
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * A least-recently-stored map bounded by entries and approximate bytes, with a maximum age checked
 * on read (no timers). A Map keeps insertion order: refreshing a key re-inserts it at the end, so
 * eviction takes the first key.
 */
export class Lru {
  readonly #entries = new Map<string, LruEntry>();
  readonly #limits: LruLimits;
  #bytes = 0;

  constructor(limits: LruLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Stores `value` at `at`; a value larger than the whole byte budget is not kept. Returns the entry kept. */
  set(key: string, value: unknown, at: number): LruEntry | undefined {
    const bytes = ENTRY_OVERHEAD_BYTES + key.length * 2 + approxBytes(value);
    let entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
    if (bytes > this.#limits.maxBytes) return undefined;
    if (entry === undefined) entry = { value, storedAt: at, bytes, sharedAt: undefined };
    else {
      entry.value = value;
      entry.storedAt = at;
      entry.bytes = bytes;
    }
    this.#entries.set(key, entry);
    this.#bytes += bytes;
    while (this.#entries.size > this.#limits.maxEntries || this.#bytes > this.#limits.maxBytes) this.#evictOldest();
    return entry;
  }

  /**
   * Like set of `encode(value)`, but an entry younger than `freshMs` is kept as it is (and
   * returned) and nothing is encoded. Storing every good read would keep every request's upstream
   * data past its end, to be copied into the old generation at the next scavenge: the healthy
   * path's main cost. A value at most `freshMs` older than the newest one is as good a stand-in,
   * and its age is still reported truthfully.
   */
  refresh(key: string, value: unknown, at: number, freshMs: number, encode: (value: unknown) => unknown): LruEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && at - entry.storedAt < freshMs) return entry;
    return this.set(key, encode(value), at);
  }

  /** The entry if it is not older than the maximum age at `at` (an expired one is dropped). */
  get(key: string, at: number): LruEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (at - entry.storedAt > this.#limits.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  #evictOldest(): void {
    const oldest = this.#entries.keys().next();
    if (oldest.done === true) return;
    this.delete(oldest.value);
  }
}
