import type { Logger } from 'pino';
import type { RedisConnection } from '../ratelimit/redis-client.js';
import { createThrottle } from '../ratelimit/throttle.js';
import { Lru, freshForMs, type LruLimits } from './lru.js';
import { keptHit, type StaleHit, type StaleStore } from './stale-store.js';

/**
 * A key is written to Redis again only once its last write is this share of STALE_MAX_AGE_S old:
 * a busy key costs Redis one SET per 30 s at the default 300 s, not one per request.
 */
export const SHARE_INTERVAL_FRACTION = 0.1;
const WARNING_INTERVAL_MS = 30_000;
/**
 * Left in memory for a key a mutation made wrong when Redis could not delete it: the copy there
 * must not come back when Redis does. Overwritten by the next good answer.
 */
const FORGOTTEN = Symbol('forgotten');

export interface RedisStaleStoreOptions {
  readonly limits: LruLimits;
  readonly redis: RedisConnection;
  /** namespaces the keys: `<prefix>:stale:<key>` */
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** wall-clock ms: entries are compared across replicas */
  readonly now: () => number;
}

/**
 * Memory in front of Redis. Every answer is kept in this process's LRU (as its JSON text:
 * keptHit); a key is also written to Redis, with STALE_MAX_AGE_S as its TTL, when this process has not written it
 * for a tenth of that age (tracked on the local entry; the write is never awaited). A failure looks
 * in memory first, then in Redis, so any replica can serve what another one saw. Redis errors are
 * logged (at most every 30 s) and answered from memory alone.
 */
export function createRedisStaleStore(options: RedisStaleStoreOptions): StaleStore {
  const { limits, redis, now } = options;
  const lru = new Lru(limits);
  const freshMs = freshForMs(limits);
  const shareIntervalMs = limits.maxAgeMs * SHARE_INTERVAL_FRACTION;
  const redisKey = (key: string) => `${options.keyPrefix}:stale:${key}`;
  const shouldWarn = createThrottle(WARNING_INTERVAL_MS);
  const onError = (error: unknown) => {
    if (shouldWarn()) options.logger.warn({ err: error }, 'last good data: Redis failed, using this process\'s copy only');
  };

  /** `json`: the value's JSON text, as the local entry keeps it */
  const share = (key: string, json: string, at: number) => {
    const payload = `{"storedAt":${at},"value":${json}}`;
    redis.client.set(redisKey(key), payload, 'PX', limits.maxAgeMs).catch(onError);
  };

  const fromRedis = async (key: string): Promise<StaleHit | undefined> => {
    let raw: string | null;
    try {
      raw = await redis.client.get(redisKey(key));
    } catch (error) {
      onError(error);
      return undefined;
    }
    const hit = raw === null ? undefined : parseHit(raw);
    return hit !== undefined && now() - hit.storedAt <= limits.maxAgeMs ? hit : undefined;
  };

  return {
    enabled: true,
    remember(key, value) {
      const at = now();
      // a FORGOTTEN mark (a delete Redis missed) always gives way to a new good read
      const entry = lru.get(key, at)?.value === FORGOTTEN ? lru.set(key, JSON.stringify(value), at) : lru.refresh(key, value, at, freshMs, JSON.stringify);
      if (entry === undefined || redis.client.status !== 'ready') return;
      if (entry.sharedAt !== undefined && at - entry.sharedAt < shareIntervalMs) return;
      entry.sharedAt = at;
      // the text just kept; a kept entry still fresh holds an older value, so this one is encoded
      share(key, entry.storedAt === at ? (entry.value as string) : JSON.stringify(value), at);
    },
    async recall(key) {
      const local = lru.get(key, now());
      if (local === undefined) return fromRedis(key);
      return local.value === FORGOTTEN ? undefined : keptHit(local);
    },
    async forget(keys) {
      for (const key of keys) lru.delete(key);
      if (keys.length === 0) return;
      const deleted =
        redis.client.status === 'ready' &&
        (await redis.client.del(...keys.map(redisKey)).then(
          () => true,
          (error: unknown) => (onError(error), false),
        ));
      if (!deleted) for (const key of keys) lru.set(key, FORGOTTEN, now());
    },
    close: () => redis.close(),
  };
}

/** `{"storedAt": <ms>, "value": <json>}` as written by share(); anything else is no hit. */
function parseHit(raw: string): StaleHit | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('storedAt' in parsed) || !('value' in parsed)) return undefined;
  const { storedAt, value } = parsed;
  return typeof storedAt === 'number' && Number.isFinite(storedAt) ? { storedAt, value } : undefined;
}
