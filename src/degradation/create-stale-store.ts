import type { Logger } from 'pino';
import type { StaleConfig } from '../config/config.js';
import { connectRedis } from '../ratelimit/redis-client.js';
import { createMemoryStaleStore } from './memory-stale-store.js';
import { createRedisStaleStore } from './redis-stale-store.js';
import { DISABLED_STALE_STORE, type StaleStore } from './stale-store.js';

export interface StaleStoreOptions {
  readonly config: StaleConfig;
  readonly redisUrl: URL | undefined;
  readonly logger: Logger;
  /** default 'gateway'; tests sharing one Redis pass a unique one */
  readonly keyPrefix?: string;
  /** wall-clock ms (default Date.now) */
  readonly now?: () => number;
}

/** Off (STALE_MAX_AGE_S=0), in memory, or memory in front of Redis (REDIS_URL): one per gateway. */
export function createStaleStore(options: StaleStoreOptions): StaleStore {
  const { config, logger } = options;
  if (config.maxAgeSeconds === 0) return DISABLED_STALE_STORE;
  const limits = { maxAgeMs: config.maxAgeSeconds * 1000, maxEntries: config.maxEntries, maxBytes: config.maxBytes };
  const now = options.now ?? Date.now;
  if (options.redisUrl === undefined) return createMemoryStaleStore(limits, now);
  const redis = connectRedis(options.redisUrl, logger, {
    connectionName: 'gateway-last-good-data',
    label: 'last good data',
    whileDown: 'kept in this process until it is back',
    whenBack: 'last good data is shared again',
  });
  return createRedisStaleStore({ limits, redis, keyPrefix: options.keyPrefix ?? 'gateway', logger, now });
}
