import { createLRUCache } from 'graphql-yoga';
import type { Logger } from 'pino';
import { connectRedis, type RedisConnection } from '../ratelimit/redis-client.js';
import { createThrottle } from '../ratelimit/throttle.js';
import type { PersistedOperations } from './load-persisted-operations.js';

/** Documents registered by clients that this process keeps (least recently used go first). */
export const APQ_MEMORY_ENTRIES = 2000;
/** How long a registered document stays in Redis after its registration. */
export const APQ_REDIS_TTL_SECONDS = 7 * 24 * 3600;
const WARNING_INTERVAL_MS = 30_000;

/** What Yoga's APQ plugin asks of a store. Never rejects: a store failure is a miss. */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | null> | string | null;
  set(hash: string, document: string): void;
  close(): Promise<void>;
}

/**
 * Automatic persisted queries: the operations of PERSISTED_OPERATIONS_FILE first, then the
 * documents clients registered, kept in a bounded LRU in memory and, with REDIS_URL, in Redis
 * too, so every replica knows a hash any of them was told. Redis is asked only on a local miss;
 * when it fails or hangs (bounded by the client's command timeout) the answer is a miss, which
 * the client answers by sending the document again: a request never fails for it.
 */
export function createPersistedQueryStore(options: {
  operations: PersistedOperations | undefined;
  redisUrl: URL | undefined;
  keyPrefix: string;
  logger: Logger;
}): PersistedQueryStore {
  const memory = createLRUCache<string>({ max: APQ_MEMORY_ENTRIES, ttl: 0 });
  const redis: RedisConnection | undefined =
    options.redisUrl === undefined
      ? undefined
      : connectRedis(options.redisUrl, options.logger, {
          connectionName: 'gateway-persisted-queries',
          label: 'persisted-query store',
          whileDown: 'registering in this process until it is back',
          whenBack: 'registered hashes are shared again',
        });
  const key = (hash: string) => `${options.keyPrefix}:apq:${hash}`;
  const shouldWarn = createThrottle(WARNING_INTERVAL_MS);
  const warn = (error: unknown) => {
    if (shouldWarn()) options.logger.warn({ err: error }, 'persisted-query store: Redis failed, answering from memory');
  };

  return {
    get(hash) {
      const local = options.operations?.get(hash) ?? memory.get(hash);
      if (local !== undefined || redis === undefined) return local ?? null;
      // right after start-up, the first connection attempt settles first (bounded), as for the rate limits
      return redis.firstAttempt.then(() => redis.client.get(key(hash))).then(
        (document) => {
          if (document !== null) memory.set(hash, document);
          return document;
        },
        (error: unknown) => {
          warn(error);
          return null;
        },
      );
    },
    set(hash, document) {
      if (options.operations?.has(hash) || memory.get(hash) === document) return;
      memory.set(hash, document);
      redis?.firstAttempt.then(() => redis.client.set(key(hash), document, 'EX', APQ_REDIS_TTL_SECONDS)).catch(warn);
    },
    close: async () => {
      await redis?.close();
    },
  };
}
