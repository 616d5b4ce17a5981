import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { waitUntil } from '../../support/gateway-stack.js';
import { REDIS_URL, UNREACHABLE_REDIS_URL, deletePrefixed, describeWithRedis, onRedis, uniquePrefix } from '../../support/redis.js';
import { startTestGateway, type TestGateway } from '../../support/test-gateway.js';

const describeRedis = await describeWithRedis();

const ME_CART = `{ me { cart { items { productId quantity } itemCount } } }`;

describeRedis('last good data in Redis', () => {
  const prefix = uniquePrefix('stale');
  let fakes: FakeUpstreams;
  const gateways: TestGateway[] = [];

  beforeEach(async () => {
    fakes = await startFakeUpstreams();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
    await fakes.close();
  });
  afterAll(() => deletePrefixed(prefix));

  async function replica(redisUrl: string, label: string): Promise<TestGateway> {
    const gateway = await startTestGateway({ ...fakes.env, REDIS_URL: redisUrl }, { staleKeyPrefix: `${prefix}-${label}` });
    gateways.push(gateway);
    return gateway;
  }

  const storedKeys = (label: string): Promise<string[]> => onRedis((redis) => redis.keys(`${prefix}-${label}:stale:*`));

  it('lets a second replica serve what the first one was given, with a TTL', async () => {
    const [a, b] = [await replica(REDIS_URL, 'shared'), await replica(REDIS_URL, 'shared')];
    const good = await a.ask(ME_CART, { as: 'u1' });
    await waitUntil(async () => (await storedKeys('shared')).length > 0);
    fakes.cart.fail({ kind: 'status', status: 503 });

    const reply = await b.ask(ME_CART, { as: 'u1' });

    expect(reply.errors).toEqual([]);
    expect(reply.data).toEqual(good.data);
    expect(JSON.parse(reply.text).extensions.stale).toEqual([{ path: ['me', 'cart'], service: 'cart', ageSeconds: expect.any(Number) }]);
    const [key] = await storedKeys('shared');
    const ttl = await onRedis((redis) => redis.pttl(key ?? ''));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300_000);
  });

  it('keeps serving, and serves last good data from memory, when Redis is down', async () => {
    const gateway = await replica(UNREACHABLE_REDIS_URL, 'down');
    const good = await gateway.ask(ME_CART, { as: 'u1' });
    expect(good.errors).toEqual([]);
    fakes.cart.fail({ kind: 'status', status: 503 });

    const reply = await gateway.ask(ME_CART, { as: 'u1' });

    expect(reply.errors).toEqual([]);
    expect(reply.data).toEqual(good.data);
  });

  it('drops the entry in Redis too when the caller changes the cart', async () => {
    const [a, b] = [await replica(REDIS_URL, 'forget'), await replica(REDIS_URL, 'forget')];
    await a.ask(ME_CART, { as: 'u1' });
    await waitUntil(async () => (await storedKeys('forget')).length > 0);
    await a.ask(`mutation { addToCart(productId: "p-9", name: "Nine", quantity: 1, unitPrice: 9) { itemCount } }`, { as: 'u1' });
    fakes.cart.fail({ kind: 'status', status: 503 });

    const reply = await b.ask(ME_CART, { as: 'u1' });

    expect(reply.errors.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
  });
});
