import { afterEach, describe, expect, it } from 'vitest';
import { LEAK_MARKER } from '../../support/fake-upstream.js';
import { leaksIn, startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { TEST_SECRET } from '../../support/tokens.js';
import { at, gql, parsedLogs } from '../../support/start-gateway.js';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function started(env: Record<string, string> = {}): Promise<GatewayStack> {
  stack = await startStack({ env });
  return stack;
}

const fakesOf = (s: GatewayStack) => [s.fakes.users, s.fakes.orders, s.fakes.cart];

describe('NOT_FOUND', () => {
  it('answers NOT_FOUND with the service when the upstream says 404', async () => {
    const s = await started();
    s.fakes.cart.fail({ kind: 'status', status: 404 });
    const { status, body, text } = await s.query('{ dashboard { profile { id } cart { itemCount } } }');
    expect(status).toBe(200);
    expect(at(body.data, 'dashboard')).toEqual({ profile: { id: 'u1' }, cart: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['dashboard', 'cart'], extensions: { code: 'NOT_FOUND', service: 'cart' } })]);
    expect(leaksIn(text, fakesOf(s), LEAK_MARKER)).toEqual([]);
  });

  it('answers NOT_FOUND with service users for an id the batch reply leaves out', async () => {
    const s = await started();
    const { body } = await s.query('{ user(id: "nobody") { id name } }');
    expect(body.data).toEqual({ user: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['user'], extensions: { code: 'NOT_FOUND', service: 'users' } })]);
  });

  it('answers NOT_FOUND with service orders for an order id the batch reply leaves out', async () => {
    const s = await started();
    const { body } = await s.query('{ order(id: "o999999") { id } }');
    expect(body.errors).toEqual([expect.objectContaining({ path: ['order'], extensions: { code: 'NOT_FOUND', service: 'orders' } })]);
  });

  it('fails only the missing id of a batch, the others resolve', async () => {
    const s = await started();
    const { body } = await s.query('{ a: user(id: "u2") { name } b: user(id: "nobody") { name } c: user(id: "u3") { name } }');
    expect(body.data).toEqual({ a: { name: 'Grace Hopper' }, b: null, c: { name: 'Alan Turing' } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['b'], extensions: { code: 'NOT_FOUND', service: 'users' } })]);
    expect(s.fakes.users.requests).toHaveLength(1);
  });
});

describe('client errors of an upstream', () => {
  it('answers BAD_USER_INPUT when the upstream refuses the input with 400', async () => {
    const s = await started();
    s.fakes.cart.fail({ kind: 'status', status: 400 });
    const { status, body, text } = await s.query('mutation { addToCart(productId: "p-1", name: "Mug", quantity: 1, unitPrice: 900) { itemCount } }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ path: ['addToCart'], extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(text).not.toContain(LEAK_MARKER);
  });

  it('refuses invalid mutation arguments with BAD_USER_INPUT before calling the upstream', async () => {
    const s = await started();
    const { body } = await s.query('mutation { addToCart(productId: "p-1", name: "Mug", quantity: 0, unitPrice: 900) { itemCount } }');
    expect(body.errors).toEqual([expect.objectContaining({ path: ['addToCart'], extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(s.fakes.cart.requests).toHaveLength(0);
  });
});

describe('nothing internal reaches the client', () => {
  it('answers a cart whose sums GraphQL cannot carry with UPSTREAM_ERROR on that field alone', async () => {
    const s = await started();
    const shopper = s.fakes.store.addUser();
    // each quantity is a valid Int, their sum is not
    s.fakes.store.addCartItem(shopper.id, { productId: 'p-big', name: 'Bulk', quantity: 1_500_000_000, unitPrice: 1 });
    s.fakes.store.addCartItem(shopper.id, { productId: 'p-big-2', name: 'Bulk', quantity: 1_500_000_000, unitPrice: 1 });
    const { status, body, text } = await s.query('{ me { name cart { itemCount } } }', { as: shopper.id });
    expect(status).toBe(200);
    expect(at(body.data, 'me', 'name')).toBe(shopper.name);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['me', 'cart', 'itemCount'], extensions: { code: 'UPSTREAM_ERROR', service: 'cart' } }),
    ]);
    expect(text).not.toContain('3000000000');
    expect(text).not.toContain('Int cannot represent');
  });

  it('says only which service failed, never what it said', async () => {
    const s = await started();
    s.fakes.users.fail({ kind: 'status', status: 500 });
    const { body } = await s.query('{ me { id } }');
    expect(body.errors?.[0]?.message).toBe('users gave an unusable answer');
  });

  it('gives a bad token a generic message, not the reason jose found', async () => {
    const s = await started();
    const { status, body } = await gql(s.gateway.url, '{ me { id } }', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln' });
    expect(status).toBe(401);
    expect(body.errors).toEqual([{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('leaks nothing in production either', async () => {
    const s = await started({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET });
    s.fakes.orders.fail({ kind: 'status', status: 500 });
    s.fakes.cart.fail({ kind: 'badJson' });
    const { body, text } = await s.query('{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }');
    expect(body.errors).toHaveLength(2);
    expect(leaksIn(text, fakesOf(s), LEAK_MARKER)).toEqual([]);
  });

  it('logs the failed upstream call with its service and outcome under the request id', async () => {
    const s = await started();
    s.fakes.orders.fail({ kind: 'status', status: 503 });
    const { headers } = await s.query('{ dashboard { recentOrders { id } } }', { headers: { 'x-request-id': 'trace-errors-1' } });
    expect(headers['x-request-id']).toBe('trace-errors-1');
    const line = parsedLogs(s.gateway.logs).find((entry) => entry.msg === 'request' && entry.requestId === 'trace-errors-1');
    expect(line).toMatchObject({ status: 200, upstream: [{ service: 'orders', status: 503, outcome: 'error' }] });
  });
});
