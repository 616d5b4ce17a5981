import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReferenceServices } from '../../../src/reference/start.js';
import type { RunningServices } from '../../../src/reference/start.js';
import type { ReferenceStore } from '../../../src/reference/store.js';
import { call, errorOf } from './client.js';

let services: RunningServices;
let base: string;

beforeEach(async () => {
  services = await startReferenceServices();
  base = services.urls.orders;
});
afterEach(async () => {
  await services.close();
});

function newestOrderOf(store: ReferenceStore, userId: string): string {
  const [order] = store.ordersOfUser(userId, 1);
  if (!order) throw new Error(`${userId} has no orders`);
  return order.id;
}

const beans = { productId: 'p-100', name: 'Beans', quantity: 2, unitPrice: 1450 };
const post = (body: unknown, key: string | undefined, user = 'u1') =>
  call(`${base}/orders`, { method: 'POST', user, body, headers: key === undefined ? {} : { 'idempotency-key': key } });

describe('GET /orders/{id}', () => {
  it('returns the caller\'s own order', async () => {
    const id = newestOrderOf(services.store, 'u1');
    const res = await call(`${base}/orders/${id}`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id, userId: 'u1', status: expect.any(String), items: expect.any(Array), total: expect.any(Number), createdAt: expect.any(String) });
  });

  it('answers 403 for another user\'s order and 200 for an admin', async () => {
    const id = newestOrderOf(services.store, 'u2');
    expect((await call(`${base}/orders/${id}`, { user: 'u1' })).status).toBe(403);
    expect((await call(`${base}/orders/${id}`, { user: 'u1', roles: 'admin' })).status).toBe(200);
  });

  it('answers 401 without X-User-Id', async () => {
    expect((await call(`${base}/orders/o1001`)).status).toBe(401);
  });

  it('answers 404 for an unknown order', async () => {
    const res = await call(`${base}/orders/o1`, { user: 'u1', roles: 'admin' });
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual(expect.any(String));
  });
});

describe('GET /orders?userId=', () => {
  it('returns the 10 newest orders by default, newest first', async () => {
    const res = await call(`${base}/orders?userId=u1`, { user: 'u1' });
    expect(res.json).toEqual(services.store.ordersOfUser('u1', 10));
    expect(services.store.ordersOfUser('u1', 50).length).toBeGreaterThan(10);
  });

  it('honours limit and caps it at 50', async () => {
    services.store.addUser({ id: 'busy', orders: 60 });
    expect(await call(`${base}/orders?userId=u1&limit=3`, { user: 'u1' }).then((r) => r.json)).toHaveLength(3);
    expect(await call(`${base}/orders?userId=busy&limit=999`, { user: 'busy' }).then((r) => r.json)).toHaveLength(50);
    expect((await call(`${base}/orders?userId=u1&limit=0`, { user: 'u1' })).status).toBe(400);
  });

  it('answers 403 for another user\'s orders', async () => {
    expect((await call(`${base}/orders?userId=u2`, { user: 'u1' })).status).toBe(403);
  });

  it('answers 400 without userId or ids', async () => {
    expect((await call(`${base}/orders`, { user: 'u1' })).status).toBe(400);
  });
});

describe('GET /orders?ids=', () => {
  it('returns the caller\'s orders and leaves unknown ids out', async () => {
    const id = newestOrderOf(services.store, 'u1');
    const res = await call(`${base}/orders?ids=${id},o9999`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([expect.objectContaining({ id })]);
  });

  it('answers 403 when the batch holds another user\'s order', async () => {
    const ids = `${newestOrderOf(services.store, 'u1')},${newestOrderOf(services.store, 'u2')}`;
    expect((await call(`${base}/orders?ids=${ids}`, { user: 'u1' })).status).toBe(403);
    expect(await call(`${base}/orders?ids=${ids}`, { user: 'u9', roles: 'admin' }).then((r) => r.json)).toHaveLength(2);
  });
});

describe('POST /orders', () => {
  it('creates an order with its total and answers 201', async () => {
    const res = await post({ userId: 'u1', items: [beans] }, 'key-1');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ userId: 'u1', status: 'PLACED', items: [beans], total: 2900 });
  });

  it('returns the original order for a repeated key whatever the body', async () => {
    const first = await post({ userId: 'u1', items: [beans] }, 'key-2');
    const again = await post({ userId: 'u1', items: [] }, 'key-2');
    const garbage = await post('not json', 'key-2');
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(garbage.json).toEqual(first.json);
    expect(services.store.createdOrders).toHaveLength(1);
  });

  it('answers 422 to a new key with no items or an invalid item', async () => {
    expect((await post({ userId: 'u1', items: [] }, 'key-3')).status).toBe(422);
    expect((await post({ userId: 'u1', items: [{ ...beans, quantity: 0 }] }, 'key-4')).status).toBe(422);
    expect(services.store.createdOrders).toHaveLength(0);
  });

  it('answers 400 without an Idempotency-Key or with malformed JSON', async () => {
    expect((await post({ userId: 'u1', items: [beans] }, undefined)).status).toBe(400);
    expect((await post('{"userId":', 'key-5')).status).toBe(400);
  });

  it('answers 403 to an order for another user', async () => {
    expect((await post({ userId: 'u2', items: [beans] }, 'key-6')).status).toBe(403);
  });

  it('answers 413 to a body over 1 MB', async () => {
    const res = await post({ userId: 'u1', items: [beans], pad: 'x'.repeat(1_100_000) }, 'key-7');
    expect(res.status).toBe(413);
  });

  it('answers 405 to DELETE', async () => {
    expect((await call(`${base}/orders/o1001`, { method: 'DELETE', user: 'u1' })).status).toBe(405);
  });
});
