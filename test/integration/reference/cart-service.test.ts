import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReferenceServices } from '../../../src/reference/start.js';
import type { RunningServices } from '../../../src/reference/start.js';
import { call, errorOf } from './client.js';

let services: RunningServices;
let base: string;

beforeEach(async () => {
  services = await startReferenceServices();
  base = services.urls.cart;
});
afterEach(async () => {
  await services.close();
});

const grinder = { productId: 'p-103', name: 'Hand grinder', quantity: 1, unitPrice: 8900 };
const add = (userId: string, body: unknown, user = userId) =>
  call(`${base}/carts/${userId}/items`, { method: 'POST', user, body });

describe('cart routes', () => {
  it('returns the caller\'s cart', async () => {
    const res = await call(`${base}/carts/u1`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(services.store.getCart('u1'));
  });

  it('returns an empty cart, not 404, when there is none', async () => {
    const res = await call(`${base}/carts/newcomer`, { user: 'newcomer' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: 'newcomer', items: [] });
  });

  it('adds an item and merges the quantity of the same product', async () => {
    await add('u2', grinder);
    const res = await add('u2', { ...grinder, quantity: 2 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userId: 'u2', items: expect.arrayContaining([{ ...grinder, quantity: 3 }]) });
  });

  it.each([
    ['a zero quantity', { ...grinder, quantity: 0 }],
    ['a fractional price', { ...grinder, unitPrice: 1.5 }],
    ['an empty name', { ...grinder, name: '' }],
    ['malformed JSON', '{"productId":'],
  ])('answers 400 to %s', async (_label, body) => {
    const res = await add('u1', body);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual(expect.any(String));
  });

  it('removes one item by its percent-decoded product id', async () => {
    await add('u4', { ...grinder, productId: 'p 1/x' });
    const res = await call(`${base}/carts/u4/items/p%201%2Fx`, { method: 'DELETE', user: 'u4' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: 'u4', items: [] });
  });

  it('clears the cart with 204 and no body', async () => {
    const res = await call(`${base}/carts/u1`, { method: 'DELETE', user: 'u1' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(services.store.getCart('u1').items).toEqual([]);
  });
});

describe('cart authorization', () => {
  it.each([
    ['GET', '/carts/u2'],
    ['DELETE', '/carts/u2'],
    ['DELETE', '/carts/u2/items/p-100'],
  ] as const)('answers 403 to %s %s of another user', async (method, path) => {
    const res = await call(`${base}${path}`, { method, user: 'u1' });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual(expect.any(String));
  });

  it('answers 403 to adding to another user\'s cart and leaves it alone', async () => {
    expect((await add('u2', grinder, 'u1')).status).toBe(403);
    expect(services.store.getCart('u2').items).toEqual([]);
  });

  it('lets an admin read any cart', async () => {
    expect((await call(`${base}/carts/u3`, { user: 'u1', roles: 'admin' })).status).toBe(200);
  });

  it('answers 401 without X-User-Id', async () => {
    expect((await call(`${base}/carts/u1`)).status).toBe(401);
  });

  it('answers 405 to PUT and 404 to an unknown sub-route', async () => {
    expect((await call(`${base}/carts/u1`, { method: 'PUT', user: 'u1' })).status).toBe(405);
    expect((await call(`${base}/carts/u1/coupons`, { user: 'u1' })).status).toBe(404);
  });
});
