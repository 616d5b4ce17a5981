import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../../src/reference/types.js';
import { startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { at } from '../../support/start-gateway.js';

let stack: GatewayStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

const ADMIN = { as: 'u9', roles: ['admin'] } as const;
const ORDER_FIELDS = 'id status total createdAt items { productId name quantity unitPrice }';

const newest = (userId: string, limit: number): Order[] => stack.fakes.store.ordersOfUser(userId, limit);
function firstOrderOf(userId: string): Order {
  const [order] = newest(userId, 1);
  if (order === undefined) throw new Error(`${userId} has no orders`);
  return order;
}
const asGraphQL = (order: Order) => ({
  id: order.id,
  status: order.status,
  total: order.total,
  createdAt: order.createdAt,
  items: order.items.map((item) => ({ ...item })),
});

describe('me', () => {
  it("returns the caller's id, name and email", async () => {
    const { status, body } = await stack.query('{ me { id name email } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { id: 'u1', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' } } });
  });
});

describe('validation', () => {
  it('reports fields that cannot be merged once, with both locations', async () => {
    const { status, body } = await stack.query('{ me { id: name id } }');
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Fields "id" conflict because "name" and "id" are different fields/),
        locations: [
          { line: 1, column: 8 },
          { line: 1, column: 17 },
        ],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });

  it('reports every other kind of invalid document once per fault', async () => {
    const { body } = await stack.query('query Q($n: Int) { me { nope orders(limit: "x") { id } } }');
    expect(body.errors?.map((error) => error.message)).toEqual([
      'Cannot query field "nope" on type "User". Did you mean "name"?',
      'Int cannot represent non-integer value: "x"',
      'Variable "$n" is never used in operation "Q".',
    ]);
  });
});

describe('user(id)', () => {
  it("gives anyone another user's id and name", async () => {
    const { body } = await stack.query('{ user(id: "u2") { id name } }');
    expect(body).toEqual({ data: { user: { id: 'u2', name: 'Grace Hopper' } } });
  });

  it("refuses another user's email with FORBIDDEN on the email field", async () => {
    const { status, body } = await stack.query('{ user(id: "u2") { id name email } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ user: null }); // email is non-null: the null reaches the user
    expect(body.errors).toEqual([expect.objectContaining({ path: ['user', 'email'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it("gives an admin another user's email", async () => {
    const { body } = await stack.query('{ user(id: "u2") { id email } }', ADMIN);
    expect(body).toEqual({ data: { user: { id: 'u2', email: 'grace.hopper@example.com' } } });
  });

  it("gives the user their own email through user(id)", async () => {
    const { body } = await stack.query('{ user(id: "u1") { email } }');
    expect(body).toEqual({ data: { user: { email: 'ada.lovelace@example.com' } } });
  });

  it("refuses another user's orders with FORBIDDEN and keeps the rest", async () => {
    const { body } = await stack.query('{ user(id: "u2") { id orders { id } } }');
    expect(body.data).toEqual({ user: { id: 'u2', orders: null } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['user', 'orders'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it("refuses another user's cart with FORBIDDEN and keeps the rest", async () => {
    const { body } = await stack.query('{ user(id: "u2") { name cart { itemCount } } }');
    expect(body.data).toEqual({ user: { name: 'Grace Hopper', cart: null } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['user', 'cart'], extensions: { code: 'FORBIDDEN' } })]);
  });
});

describe('order(id)', () => {
  it("returns the caller's own order", async () => {
    const own = firstOrderOf('u1');
    const { body } = await stack.query(`{ order(id: "${own.id}") { ${ORDER_FIELDS} } }`);
    expect(body).toEqual({ data: { order: asGraphQL(own) } });
  });

  it("refuses another user's order with FORBIDDEN", async () => {
    const other = firstOrderOf('u2');
    const { status, body } = await stack.query(`{ order(id: "${other.id}") { id total } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ order: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['order'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it("returns the caller's own order next to another user's refused one", async () => {
    const own = firstOrderOf('u1');
    const other = firstOrderOf('u2');
    const { body } = await stack.query(`{ mine: order(id: "${own.id}") { id } theirs: order(id: "${other.id}") { id } }`);
    expect(body.data).toEqual({ mine: { id: own.id }, theirs: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['theirs'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it("returns any user's order to an admin", async () => {
    const other = firstOrderOf('u2');
    const { body } = await stack.query(`{ order(id: "${other.id}") { ${ORDER_FIELDS} } }`, ADMIN);
    expect(body).toEqual({ data: { order: asGraphQL(other) } });
  });

  it("resolves the order's user", async () => {
    const own = firstOrderOf('u1');
    const { body } = await stack.query(`{ order(id: "${own.id}") { user { id name } } }`);
    expect(body).toEqual({ data: { order: { user: { id: 'u1', name: 'Ada Lovelace' } } } });
  });
});

describe('dashboard', () => {
  it("returns the caller's profile, 10 newest orders and cart in one response", async () => {
    const cart = stack.fakes.store.getCart('u1');
    const { status, body } = await stack.query(
      `{ dashboard { profile { id name email } recentOrders { ${ORDER_FIELDS} } cart { items { productId name quantity unitPrice } itemCount subtotal } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(at(body.data, 'dashboard', 'profile')).toEqual({ id: 'u1', name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
    expect(at(body.data, 'dashboard', 'recentOrders')).toEqual(newest('u1', 10).map(asGraphQL));
    expect(at(body.data, 'dashboard', 'cart')).toEqual({
      items: cart.items.map((item) => ({ ...item })),
      itemCount: cart.items.reduce((sum, item) => sum + item.quantity, 0),
      subtotal: cart.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    });
  });

  it('cuts recentOrders at 10 for a user with more', async () => {
    expect(newest('u1', 50).length).toBeGreaterThan(10);
    const { body } = await stack.query('{ dashboard { recentOrders { id } } }');
    expect(at(body.data, 'dashboard', 'recentOrders')).toHaveLength(10);
  });
});

describe('User.orders(limit)', () => {
  it('lists the newest orders first', async () => {
    const { body } = await stack.query('{ me { orders(limit: 5) { id createdAt } } }');
    const orders = at(body.data, 'me', 'orders');
    expect(orders).toEqual(newest('u1', 5).map(({ id, createdAt }) => ({ id, createdAt })));
    const times = newest('u1', 5).map((order) => order.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('lists 10 orders when no limit is given', async () => {
    const { body } = await stack.query('{ me { orders { id } } }');
    expect(at(body.data, 'me', 'orders')).toHaveLength(10);
  });

  it('accepts the largest limit, 50', async () => {
    const { body } = await stack.query('{ me { orders(limit: 50) { id } } }', { as: 'u2' });
    expect(at(body.data, 'me', 'orders')).toHaveLength(newest('u2', 50).length);
  });

  it.each([0, -1, 51])('refuses limit %i with BAD_USER_INPUT and keeps the rest of me', async (limit) => {
    const { status, body } = await stack.query(`{ me { id orders(limit: ${limit}) { id } } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ me: { id: 'u1', orders: null } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['me', 'orders'], extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it("gives an admin another user's orders", async () => {
    const { body } = await stack.query('{ user(id: "u2") { orders(limit: 3) { id } } }', ADMIN);
    expect(at(body.data, 'user', 'orders')).toEqual(newest('u2', 3).map(({ id }) => ({ id })));
  });
});

describe('Cart', () => {
  it('counts itemCount as the sum of quantities and subtotal as the sum of quantity × unitPrice', async () => {
    const shopper = stack.fakes.store.addUser({ name: 'Cart Shopper' });
    stack.fakes.store.addCartItem(shopper.id, { productId: 'p-mug', name: 'Mug', quantity: 3, unitPrice: 1250 });
    stack.fakes.store.addCartItem(shopper.id, { productId: 'p-tea', name: 'Tea', quantity: 2, unitPrice: 499 });
    const { body } = await stack.query('{ me { cart { itemCount subtotal items { productId quantity } } } }', { as: shopper.id });
    expect(at(body.data, 'me', 'cart')).toEqual({
      itemCount: 5,
      subtotal: 3 * 1250 + 2 * 499,
      items: [
        { productId: 'p-mug', quantity: 3 },
        { productId: 'p-tea', quantity: 2 },
      ],
    });
  });

  it('shows an empty cart as no items, itemCount 0 and subtotal 0', async () => {
    const { body } = await stack.query('{ dashboard { cart { items { productId } itemCount subtotal } } }', { as: 'u2' });
    expect(at(body.data, 'dashboard', 'cart')).toEqual({ items: [], itemCount: 0, subtotal: 0 });
  });
});
