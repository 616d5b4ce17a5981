import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { ADD_TO_CART, CHECKOUT, MY_CART, item, orderIdOf, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

const ORDERS_POST = /^\/orders$/;

describe('checkout is idempotent per user and key', () => {
  let fakes: FakeUpstreams;
  let gateway: TestGateway;

  beforeEach(async () => {
    fakes = await startFakeUpstreams();
    for (const id of ['buyer', 'other']) fakes.store.addUser({ id });
    gateway = await startTestGateway({ ...fakes.env, UPSTREAM_TIMEOUT_MS: '400', LOG_LEVEL: 'warn' });
  });
  afterEach(async () => {
    await gateway.close();
    await fakes.close();
  });

  const fill = (as: string, productId = 'p-1') => gateway.ask(ADD_TO_CART, { as, variables: item(productId, 2, 999) });
  const checkout = (as: string, key: string) => gateway.ask(CHECKOUT, { as, variables: { key } });
  const orderPosts = () => fakes.orders.requests.filter((r) => r.method === 'POST' && r.path === '/orders');
  const cartOf = async (as: string) => ((await gateway.ask(MY_CART, { as })).data?.me as { cart: { items: { productId: string }[] } }).cart;

  it('creates one order when the connection is reset mid-POST, and the retry with the same key returns it', async () => {
    await fill('buyer');
    fakes.orders.fail({ kind: 'reset' }, { times: 1, path: ORDERS_POST });

    const first = await checkout('buyer', 'reset-key');
    expect(first.errors).toEqual([]);
    const posts = orderPosts();
    expect(posts).toHaveLength(2); // the gateway's own retry…
    expect(posts[1]?.headers['idempotency-key']).toBe(posts[0]?.headers['idempotency-key']); // …with the same key
    expect(fakes.store.createdOrders).toHaveLength(1);
    expect(orderIdOf(first)).toBe(fakes.store.createdOrders[0]?.id);

    const retry = await checkout('buyer', 'reset-key');
    expect(orderIdOf(retry)).toBe(orderIdOf(first));
    expect(fakes.store.createdOrders).toHaveLength(1);
  });

  it('creates one order when every attempt of the POST is reset, and the client retry returns it', async () => {
    await fill('buyer');
    fakes.orders.fail({ kind: 'reset' }, { times: 2, path: ORDERS_POST });

    const failed = await checkout('buyer', 'reset-twice');
    expect(failed.errors).toEqual([expect.objectContaining({ path: ['checkout'], extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'orders' } })]);
    expect(fakes.store.createdOrders).toHaveLength(1);

    const retry = await checkout('buyer', 'reset-twice');
    expect(retry.errors).toEqual([]);
    expect(orderIdOf(retry)).toBe(fakes.store.createdOrders[0]?.id);
    expect(fakes.store.createdOrders).toHaveLength(1);
    expect((await cartOf('buyer')).items).toEqual([]);
  });

  it('creates one order when the POST times out after the order was made, and the client retry returns it', async () => {
    await fill('buyer');
    fakes.orders.fail({ kind: 'delay', ms: 800 }, { times: 1, path: ORDERS_POST });

    const timedOut = await checkout('buyer', 'slow-key');
    expect(timedOut.errors).toEqual([expect.objectContaining({ extensions: { code: 'UPSTREAM_TIMEOUT', service: 'orders' } })]);
    expect(orderPosts()).toHaveLength(1); // a timeout is not retried inside the deadline

    const retry = await checkout('buyer', 'slow-key');
    expect(orderIdOf(retry)).toBe(fakes.store.createdOrders[0]?.id);
    expect(fakes.store.createdOrders).toHaveLength(1);
  });

  it('returns the same order for the same key after the cart was emptied, and keeps items added since', async () => {
    await fill('buyer');
    const first = await checkout('buyer', 'again');
    expect((await cartOf('buyer')).items).toEqual([]);

    expect(orderIdOf(await checkout('buyer', 'again'))).toBe(orderIdOf(first));
    await fill('buyer', 'p-later');
    expect(orderIdOf(await checkout('buyer', 'again'))).toBe(orderIdOf(first));
    expect((await cartOf('buyer')).items).toEqual([expect.objectContaining({ productId: 'p-later' })]);
    expect(fakes.store.createdOrders).toHaveLength(1);
  });

  it('gives two users using the same key two different orders', async () => {
    await fill('buyer', 'p-b');
    await fill('other', 'p-o');
    const mine = await checkout('buyer', 'shared-key');
    const theirs = await checkout('other', 'shared-key');
    expect(orderIdOf(mine)).not.toBe(orderIdOf(theirs));
    expect(mine.data?.checkout).toMatchObject({ items: [expect.objectContaining({ productId: 'p-b' })] });
    expect(theirs.data?.checkout).toMatchObject({ items: [expect.objectContaining({ productId: 'p-o' })] });
    expect(fakes.store.createdOrders.map((order) => order.userId)).toEqual(['buyer', 'other']);
  });

  it('refuses an empty cart with a new key as BAD_USER_INPUT and creates nothing', async () => {
    const reply = await checkout('buyer', 'nothing-to-buy');
    expect(reply.data).toBeNull();
    expect(reply.errors).toEqual([expect.objectContaining({ path: ['checkout'], extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(fakes.store.createdOrders).toHaveLength(0);
  });

  it('still returns the order when clearing the cart fails afterwards, and logs it', async () => {
    await fill('buyer');
    fakes.orders.fail({ kind: 'delay', ms: 150 }, { times: 1, path: ORDERS_POST });
    const pending = checkout('buyer', 'clear-fails');
    await until(() => orderPosts().length === 1);
    fakes.cart.fail({ kind: 'status', status: 503 }, { times: 1, path: /^\/carts\/buyer$/ });

    const reply = await pending;
    expect(reply.errors).toEqual([]);
    expect(orderIdOf(reply)).toBe(fakes.store.createdOrders[0]?.id);
    expect(fakes.cart.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(gateway.logs()).toContainEqual(expect.objectContaining({ level: 40, orderId: orderIdOf(reply) }));
    // The cart kept its items; checking out again with the same key returns the order and clears it.
    expect(orderIdOf(await checkout('buyer', 'clear-fails'))).toBe(orderIdOf(reply));
    expect((await cartOf('buyer')).items).toEqual([]);
    expect(fakes.store.createdOrders).toHaveLength(1);
  });
});

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
