import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_SIZE } from '../../../src/loaders/create-loaders.js';
import { startStack, type GatewayStack } from '../../support/gateway-stack.js';
import type { RecordedRequest } from '../../support/fake-upstream.js';
import { at } from '../../support/start-gateway.js';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Room for the alias-heavy queries below, whatever the default query limits are. */
const ROOMY_LIMITS = { QUERY_MAX_ALIASES: '500', QUERY_MAX_TOKENS: '100000', QUERY_MAX_COST: '1000000', QUERY_MAX_DEPTH: '20' };

async function started(): Promise<GatewayStack> {
  stack = await startStack({ env: ROOMY_LIMITS });
  return stack;
}

const idsOf = (request: RecordedRequest | undefined): string[] => (request?.query.ids ?? '').split(',').filter(Boolean);

describe('batching and deduplication', () => {
  it('makes exactly one call to each service for the dashboard', async () => {
    const s = await started();
    const { body } = await s.query('{ dashboard { profile { id name } recentOrders { id user { name } } cart { itemCount } } }');
    expect(body.errors).toBeUndefined();
    expect([s.fakes.users.requests.length, s.fakes.orders.requests.length, s.fakes.cart.requests.length]).toEqual([1, 1, 1]);
  });

  it("makes one users call for 20 orders that each ask for their user's name", async () => {
    const s = await started();
    const shopper = s.fakes.store.addUser({ name: 'Frequent Buyer', orders: 20 });
    const { body } = await s.query('{ me { id orders(limit: 20) { id user { name } } } }', { as: shopper.id });
    const orders = at(body.data, 'me', 'orders');
    expect(orders).toHaveLength(20);
    expect(orders).toEqual(Array.from({ length: 20 }, () => expect.objectContaining({ user: { name: 'Frequent Buyer' } })));
    expect(s.fakes.users.requests).toHaveLength(1);
    expect(s.fakes.orders.requests).toHaveLength(1);
  });

  it("makes one users call for an admin's 20 orders of another user without asking for the user first", async () => {
    const s = await started();
    const shopper = s.fakes.store.addUser({ orders: 20 });
    const { body } = await s.query(`{ user(id: "${shopper.id}") { orders(limit: 20) { user { id } } } }`, { as: 'u9', roles: ['admin'] });
    expect(at(body.data, 'user', 'orders')).toHaveLength(20);
    expect(s.fakes.users.requests).toHaveLength(1);
  });

  it('batches 6 orders of 6 different users into one orders call and one users call', async () => {
    const s = await started();
    const orders = ['u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((userId) => s.fakes.store.ordersOfUser(userId, 1)[0]?.id);
    const query = `{ ${orders.map((id, i) => `o${i}: order(id: "${id}") { id user { id name } }`).join(' ')} }`;
    const { body } = await s.query(query, { as: 'u9', roles: ['admin'] });
    expect(body.errors).toBeUndefined();
    expect(at(body.data, 'o5', 'user', 'id')).toBe('u8');
    expect(s.fakes.orders.requests).toHaveLength(1);
    expect(idsOf(s.fakes.orders.requests[0]).sort()).toEqual([...orders].sort());
    expect(s.fakes.users.requests).toHaveLength(1);
    expect(idsOf(s.fakes.users.requests[0]).sort()).toEqual(['u3', 'u4', 'u5', 'u6', 'u7', 'u8']);
  });

  it('asks for the same id once however often the query names it', async () => {
    const s = await started();
    const { body } = await s.query('{ a: user(id: "u2") { name } b: user(id: "u2") { id } me { id } c: user(id: "u1") { name } }');
    expect(body.errors).toBeUndefined();
    expect(s.fakes.users.requests).toHaveLength(1);
    expect(idsOf(s.fakes.users.requests[0]).sort()).toEqual(['u1', 'u2']);
  });

  it(`splits more than MAX_BATCH_SIZE (${MAX_BATCH_SIZE}) ids into several calls`, async () => {
    const s = await started();
    const count = MAX_BATCH_SIZE + 10;
    const ids = Array.from({ length: count }, () => s.fakes.store.addUser().id);
    const query = `{ ${ids.map((id, i) => `u${i}: user(id: "${id}") { id }`).join(' ')} }`;
    const { body } = await s.query(query);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(count);
    const sizes = s.fakes.users.requests.map((request) => idsOf(request).length);
    expect(sizes).toEqual([MAX_BATCH_SIZE, count - MAX_BATCH_SIZE]);
    expect(s.fakes.users.requests.flatMap(idsOf).sort()).toEqual([...ids].sort());
  });

  it('loads nothing twice across a dashboard that names the same user in several places', async () => {
    const s = await started();
    await s.query('{ me { name } dashboard { profile { email } recentOrders { user { id } } } }');
    expect(s.fakes.users.requests).toHaveLength(1);
  });
});
