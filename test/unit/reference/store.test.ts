import { describe, expect, it } from 'vitest';
import { createReferenceStore } from '../../../src/reference/store.js';
import type { OrderItem } from '../../../src/reference/types.js';

const NOW = new Date('2025-06-15T12:34:56.000Z');
const fixedStore = () => createReferenceStore({ now: () => NOW });
const item = (productId: string, quantity = 1, unitPrice = 500): OrderItem => ({ productId, name: `Product ${productId}`, quantity, unitPrice });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i + 1}`);

describe('seed', () => {
  it('has 40 users u1..u40 with realistic names and emails', () => {
    const store = fixedStore();
    expect(store.getUsers(ids(41))).toHaveLength(40);
    expect(store.getUser('u1')).toMatchObject({ id: 'u1', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
    for (const user of store.getUsers(ids(40))) expect(user.email).toMatch(/^[a-z0-9.-]+@example\.com$/);
  });

  it('gives every user 2 to 8 orders, u1 at least 12 and u2 at least 20', () => {
    const store = fixedStore();
    expect(store.ordersOfUser('u1', 1000).length).toBeGreaterThanOrEqual(12);
    expect(store.ordersOfUser('u2', 1000).length).toBeGreaterThanOrEqual(20);
    for (const id of ids(40).slice(2)) expect(store.ordersOfUser(id, 1000).length).toBeGreaterThanOrEqual(2);
    for (const id of ids(40).slice(2)) expect(store.ordersOfUser(id, 1000).length).toBeLessThanOrEqual(8);
  });

  it('numbers orders from o1001 with totals equal to the sum of quantity times unit price', () => {
    const store = fixedStore();
    const orders = ids(40).flatMap((id) => store.ordersOfUser(id, 1000));
    expect(orders.map((o) => o.id)).toContain('o1001');
    for (const order of orders) {
      expect(order.total).toBe(order.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0));
      expect(order.items.length).toBeGreaterThan(0);
      expect(Date.parse(order.createdAt)).toBeLessThan(NOW.getTime());
    }
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED']));
  });

  it('is the same on every run for the same clock', () => {
    const a = fixedStore();
    const b = fixedStore();
    expect(a.ordersOfUser('u7', 50)).toEqual(b.ordersOfUser('u7', 50));
    expect(a.getCart('u3')).toEqual(b.getCart('u3'));
  });

  it('gives about half the users a non-empty cart', () => {
    const store = fixedStore();
    const withCart = ids(40).filter((id) => store.getCart(id).items.length > 0);
    expect(withCart.length).toBeGreaterThanOrEqual(15);
    expect(withCart.length).toBeLessThanOrEqual(25);
  });

  it('can start empty', () => {
    expect(createReferenceStore({ seed: false }).getUser('u1')).toBeUndefined();
  });
});

describe('orders', () => {
  it('lists a user\'s orders newest first, cut at the limit', () => {
    const orders = fixedStore().ordersOfUser('u2', 10);
    expect(orders).toHaveLength(10);
    const times = orders.map((o) => o.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(orders.every((o) => o.userId === 'u2')).toBe(true);
  });

  it('leaves unknown ids out of batch lookups', () => {
    const store = fixedStore();
    expect(store.getOrders(['o1001', 'o9999', 'o1001']).map((o) => o.id)).toEqual(['o1001']);
    expect(store.getUsers(['u1', 'nobody']).map((u) => u.id)).toEqual(['u1']);
  });

  it('creates a PLACED order with its total that becomes the newest one', () => {
    const store = fixedStore();
    const { order, created } = store.createOrder('u1', [item('p-100', 2, 1450), item('p-105', 1, 650)], 'k1');
    expect(created).toBe(true);
    expect(order).toMatchObject({ userId: 'u1', status: 'PLACED', total: 3550, createdAt: NOW.toISOString() });
    expect(store.ordersOfUser('u1', 1)[0]?.id).toBe(order.id);
    expect(store.getOrder(order.id)).toEqual(order);
  });

  it('returns the original order for a repeated idempotency key whatever the items', () => {
    const store = fixedStore();
    const first = store.createOrder('u1', [item('p-100')], 'same-key');
    const again = store.createOrder('u1', [item('p-101', 9)], 'same-key');
    expect(again).toEqual({ order: first.order, created: false });
    expect(store.createdOrders).toHaveLength(1);
  });

  it('refuses a new key without items', () => {
    expect(() => fixedStore().createOrder('u1', [], 'k')).toThrow(RangeError);
  });
});

describe('carts', () => {
  it('gives an empty cart to a user without one', () => {
    expect(fixedStore().getCart('nobody')).toEqual({ userId: 'nobody', items: [] });
  });

  it('adds the quantity when the product is already in the cart', () => {
    const store = createReferenceStore({ seed: false });
    store.addCartItem('u1', item('p-100', 2));
    const cart = store.addCartItem('u1', item('p-100', 3));
    expect(cart.items).toEqual([item('p-100', 5)]);
  });

  it('removes one product and clears the whole cart', () => {
    const store = createReferenceStore({ seed: false });
    store.addCartItem('u1', item('p-100'));
    store.addCartItem('u1', item('p-101'));
    expect(store.removeCartItem('u1', 'p-100').items.map((i) => i.productId)).toEqual(['p-101']);
    store.clearCart('u1');
    expect(store.getCart('u1').items).toEqual([]);
  });

  it('hands out a fresh copy of the cart on every read', () => {
    const store = fixedStore();
    expect(store.getCart('u1').items.length).toBeGreaterThan(0);
    expect(store.getCart('u1').items).not.toBe(store.getCart('u1').items);
  });
});

describe('addUser', () => {
  it('adds a user with the requested number of orders and cart items', () => {
    const store = fixedStore();
    const user = store.addUser({ name: 'Test Person', orders: 15, cartItems: 3 });
    expect(user).toMatchObject({ id: 'u41', name: 'Test Person', email: 'test.person@example.com' });
    expect(store.ordersOfUser(user.id, 50)).toHaveLength(15);
    expect(store.getCart(user.id).items).toHaveLength(3);
  });

  it('refuses an id that exists', () => {
    expect(() => fixedStore().addUser({ id: 'u1' })).toThrow(/exists/);
  });
});
