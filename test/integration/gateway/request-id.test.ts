import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearRequests, startStack, type GatewayStack } from '../../support/gateway-stack.js';
import type { RecordedRequest } from '../../support/fake-upstream.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DASHBOARD = '{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }';

let stack: GatewayStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => clearRequests(stack.fakes));

const upstreamCalls = (): RecordedRequest[] => [...stack.fakes.users.requests, ...stack.fakes.orders.requests, ...stack.fakes.cart.requests];

describe('X-Request-Id', () => {
  it('echoes a well-formed caller id', async () => {
    const { headers } = await stack.query('{ me { id } }', { headers: { 'x-request-id': 'client-trace_01:a.b-c' } });
    expect(headers['x-request-id']).toBe('client-trace_01:a.b-c');
  });

  it('echoes an id of exactly 128 characters', async () => {
    const id = 'r'.repeat(128);
    const { headers } = await stack.query('{ me { id } }', { headers: { 'x-request-id': id } });
    expect(headers['x-request-id']).toBe(id);
  });

  it.each([
    ['longer than 128 characters', 'r'.repeat(129)],
    ['with a space', 'trace 42'],
    ['with markup', '<script>alert(1)</script>'],
    ['with a slash', '../../etc/passwd'],
  ])('replaces an id %s with a new one', async (_, id) => {
    const { headers } = await stack.query('{ me { id } }', { headers: { 'x-request-id': id } });
    expect(headers['x-request-id']).toMatch(UUID);
  });

  it('makes a new id when the caller sent none', async () => {
    const first = await stack.query('{ me { id } }');
    const second = await stack.query('{ me { id } }');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it("sends the caller's id on every upstream call of the request", async () => {
    await stack.query(DASHBOARD, { headers: { 'x-request-id': 'dash-42' } });
    const calls = upstreamCalls();
    expect(calls).toHaveLength(3);
    expect(calls.map((call) => call.headers['x-request-id'])).toEqual(['dash-42', 'dash-42', 'dash-42']);
  });

  it('sends the replacement id, not the malformed one, on every upstream call', async () => {
    const { headers } = await stack.query(DASHBOARD, { headers: { 'x-request-id': 'bad id!' } });
    const ids = new Set(upstreamCalls().map((call) => call.headers['x-request-id']));
    expect([...ids]).toEqual([headers['x-request-id']]);
  });

  it('sends a generated id on every upstream call when the caller sent none', async () => {
    const { headers } = await stack.query(DASHBOARD);
    expect(upstreamCalls().map((call) => call.headers['x-request-id'])).toEqual(Array(3).fill(headers['x-request-id']));
  });

  it('puts an id on every response, refusals and other endpoints included', async () => {
    const refused = await stack.query('{ me { id } }', { as: null, headers: { authorization: 'Bearer not.a.token' } });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toMatch(UUID);
    for (const path of ['/healthz', '/readyz', '/nowhere']) {
      const res = await request(`${stack.gateway.url}${path}`, { headers: { 'x-request-id': `probe-${path.slice(1)}` } });
      await res.body.dump();
      expect(res.headers['x-request-id']).toBe(`probe-${path.slice(1)}`);
    }
  });
});

describe('identity headers upstream', () => {
  it("sends the token's sub as X-User-Id and its roles as X-User-Roles on every call", async () => {
    await stack.query(DASHBOARD, { as: 'u3', roles: ['admin', 'support'] });
    const calls = upstreamCalls();
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers['x-user-id']).toBe('u3');
      expect(call.headers['x-user-roles']).toBe('admin,support');
    }
  });

  it('sends an empty X-User-Roles for a user without roles', async () => {
    await stack.query('{ me { id } }', { as: 'u5' });
    expect(stack.fakes.users.requests[0]?.headers).toMatchObject({ 'x-user-id': 'u5', 'x-user-roles': '' });
  });

  it('never forwards identity headers the client sent itself', async () => {
    await stack.query('{ me { id } }', { as: 'u5', headers: { 'x-user-id': 'u1', 'x-user-roles': 'admin' } });
    expect(stack.fakes.users.requests[0]?.headers).toMatchObject({ 'x-user-id': 'u5', 'x-user-roles': '' });
  });

  it("never forwards the caller's Authorization header upstream", async () => {
    await stack.query(DASHBOARD);
    for (const call of upstreamCalls()) expect(call.headers.authorization).toBeUndefined();
  });
});
