import { afterAll, afterEach, expect, it } from 'vitest';
import { createStaleStore } from '../../../src/degradation/create-stale-store.js';
import type { StaleStore } from '../../../src/degradation/stale-store.js';
import { createLogger } from '../../../src/observability/logger.js';
import { REDIS_URL, UNREACHABLE_REDIS_URL, deletePrefixed, describeWithRedis, onRedis, uniquePrefix } from '../../support/redis.js';
import { waitUntil } from '../../support/gateway-stack.js';

const describeRedis = await describeWithRedis();
const CONFIG = { maxAgeSeconds: 300, maxEntries: 100, maxBytes: 1_000_000 };

describeRedis('the Redis store of last good data', () => {
  const prefix = uniquePrefix('stale-unit');
  let clock = 1_000_000;
  const stores: StaleStore[] = [];
  const open = (redisUrl = REDIS_URL) => {
    const store = createStaleStore({ config: CONFIG, redisUrl: new URL(redisUrl), logger: createLogger('silent'), keyPrefix: prefix, now: () => clock });
    stores.push(store);
    return store;
  };
  const stored = (key = 'k') => onRedis((redis) => redis.get(`${prefix}:stale:${key}`));
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(() => deletePrefixed(prefix));

  it('writes a key again only after a tenth of the maximum age', async () => {
    const store = open();
    await waitUntil(async () => (store.remember('k', { n: 1 }), (await stored()) !== null));
    const first = await stored();
    clock += 29_000;
    store.remember('k', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored()).toBe(first);
    clock += 1_000;
    store.remember('k', { n: 3 });
    await waitUntil(async () => (await stored()) !== first);
    expect(JSON.parse((await stored()) ?? '{}')).toEqual({ storedAt: clock, value: { n: 3 } });
  });

  it('serves what another process stored, and never an entry past the maximum age', async () => {
    const writer = open();
    await waitUntil(async () => (writer.remember('shared', { n: 4 }), (await stored('shared')) !== null));
    const reader = open();
    // a replica just started answers from memory alone until its connection is up
    await waitUntil(async () => (await reader.recall('shared')) !== undefined);
    expect((await reader.recall('shared'))?.value).toEqual({ n: 4 });
    clock += 301_000;
    expect(await reader.recall('shared')).toBeUndefined();
  });

  it('answers from memory alone when Redis cannot be reached', async () => {
    const store = open(UNREACHABLE_REDIS_URL);
    store.remember('k', { n: 5 });
    expect((await store.recall('k'))?.value).toEqual({ n: 5 });
    await store.forget(['k']);
    expect(await store.recall('k')).toBeUndefined();
  });
});
