import { describe, expect, it } from 'vitest';
import { UnreadableBody } from '../../../src/upstream/failures.js';
import { parseCart, parseLineItem, parseNothing, parseOrder, parseOrders, parseUser, parseUsers } from '../../../src/upstream/shapes.js';

const item = { productId: 'p-100', name: 'Beans', quantity: 2, unitPrice: 1450 };
const order = { id: 'o1', userId: 'u1', status: 'SHIPPED', items: [item], total: 2900, createdAt: '2024-06-01T10:00:00.000Z' };
const user = { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com', createdAt: '2023-01-01T00:00:00.000Z' };

describe('parseUser', () => {
  it('reads a full user', () => {
    expect(parseUser(user)).toEqual(user);
  });

  it('reads another user without email as email undefined', () => {
    expect(parseUser({ id: 'u2', name: 'Grace', createdAt: user.createdAt })).toEqual({ id: 'u2', name: 'Grace', email: undefined, createdAt: user.createdAt });
  });

  it('reads a null email as undefined', () => {
    expect(parseUser({ ...user, email: null }).email).toBeUndefined();
  });

  it('drops fields it does not know', () => {
    expect(parseUser({ ...user, passwordHash: 'x' })).not.toHaveProperty('passwordHash');
  });

  it.each([
    ['a missing name', { id: 'u1' }],
    ['a numeric id', { ...user, id: 42 }],
    ['a null name', { ...user, name: null }],
    ['a numeric email', { ...user, email: 7 }],
    ['an array', [user]],
    ['null', null],
    ['a string', 'u1'],
  ])('refuses %s with UnreadableBody', (_, value) => {
    expect(() => parseUser(value)).toThrow(UnreadableBody);
  });
});

describe('parseUsers', () => {
  it('reads an array of users', () => {
    expect(parseUsers([user, { ...user, id: 'u2' }]).map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it('refuses an object where an array is expected', () => {
    expect(() => parseUsers(user)).toThrow('users is not an array');
  });

  it('refuses an array with one bad user', () => {
    expect(() => parseUsers([user, { id: 'u2' }])).toThrow(UnreadableBody);
  });
});

describe('parseOrder', () => {
  it('reads a full order', () => {
    expect(parseOrder(order)).toEqual(order);
  });

  it.each(['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'])('accepts status %s', (status) => {
    expect(parseOrder({ ...order, status }).status).toBe(status);
  });

  it.each([
    ['an unknown status', { ...order, status: 'LOST' }, 'order.status is not a known status'],
    ['a fractional total', { ...order, total: 29.5 }, 'order.total is not a 32-bit integer'],
    ['a total as a string', { ...order, total: '2900' }, 'order.total is not a 32-bit integer'],
    ['items as an object', { ...order, items: { 0: item } }, 'order.items is not an array'],
    ['a missing userId', { ...order, userId: undefined }, 'order.userId is not a string'],
    ['a missing createdAt', { ...order, createdAt: undefined }, 'order.createdAt is not a string'],
    ['an item with a fractional quantity', { ...order, items: [{ ...item, quantity: 1.5 }] }, 'item.quantity is not a 32-bit integer'],
    ['an item with a price GraphQL Int cannot carry', { ...order, items: [{ ...item, unitPrice: 2 ** 60 }] }, 'item.unitPrice is not a 32-bit integer'],
  ])('refuses %s', (_, value, message) => {
    expect(() => parseOrder(value)).toThrow(new UnreadableBody(message));
  });

  it('refuses the fake upstream wrong-shape body', () => {
    expect(() => parseOrder({ id: 42, name: null, userId: false, items: { unexpected: 'x' }, total: 'lots' })).toThrow(UnreadableBody);
  });
});

describe('parseOrders', () => {
  it('reads an empty array', () => {
    expect(parseOrders([])).toEqual([]);
  });

  it('refuses null', () => {
    expect(() => parseOrders(null)).toThrow(UnreadableBody);
  });
});

describe('parseLineItem', () => {
  it('reads an item', () => {
    expect(parseLineItem(item)).toEqual(item);
  });

  it('refuses a missing productId', () => {
    expect(() => parseLineItem({ ...item, productId: undefined })).toThrow('item.productId is not a string');
  });
});

describe('parseCart', () => {
  it('reads a cart', () => {
    expect(parseCart({ userId: 'u1', items: [item] })).toEqual({ userId: 'u1', items: [item] });
  });

  it('reads an empty cart', () => {
    expect(parseCart({ userId: 'u1', items: [] }).items).toEqual([]);
  });

  it.each([
    ['no userId', { items: [] }],
    ['items missing', { userId: 'u1' }],
    ['an array', []],
    ['undefined (an empty body)', undefined],
  ])('refuses a cart with %s', (_, value) => {
    expect(() => parseCart(value)).toThrow(UnreadableBody);
  });
});

describe('parseNothing', () => {
  it('ignores whatever body came', () => {
    expect(parseNothing()).toBeUndefined();
  });
});
