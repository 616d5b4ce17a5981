import { afterEach, describe, expect, it } from 'vitest';
import { BREAKER_FAILURE_THRESHOLD } from '../../../src/upstream/create-upstreams.js';
import { SHORT_TIMEOUT_MS, clearRequests, startStack, waitUntil, type GatewayStack } from '../../support/gateway-stack.js';
import { getJson } from '../../support/start-gateway.js';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function started(breakerResetMs: number, upstreamTimeoutMs = 1000): Promise<GatewayStack> {
  stack = await startStack({ env: { BREAKER_RESET_MS: String(breakerResetMs), UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs) } });
  return stack;
}

async function openUsersBreaker(s: GatewayStack): Promise<void> {
  s.fakes.users.fail({ kind: 'status', status: 500 });
  for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) {
    const { body } = await s.query('{ me { id } }');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', service: 'users' });
  }
}

const usersBreaker = async (s: GatewayStack) => (await s.breakers()).users;

describe('breakers over HTTP', () => {
  it('stays closed below the failure threshold', async () => {
    const s = await started(5000);
    s.fakes.users.fail({ kind: 'status', status: 500 });
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD - 1; i += 1) await s.query('{ me { id } }');
    expect(await s.breakers()).toEqual({ users: 'closed', orders: 'closed', cart: 'closed' });
  });

  it('opens the breaker of the failing service alone after repeated failures', async () => {
    const s = await started(5000);
    await openUsersBreaker(s);
    const ready = await getJson(`${s.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      upstreams: { users: { breaker: 'open' }, orders: { breaker: 'closed' }, cart: { breaker: 'closed' } },
    });
  });

  it('fails fast with UPSTREAM_UNAVAILABLE while open, without calling the upstream', async () => {
    const s = await started(5000);
    await openUsersBreaker(s);
    s.fakes.users.heal();
    clearRequests(s.fakes);
    const { status, body } = await s.query('{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['dashboard', 'profile'], extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'users' } }),
    ]);
    expect(s.fakes.users.requests).toHaveLength(0);
    expect(s.fakes.orders.requests).toHaveLength(1);
  });

  it('reports half-open once BREAKER_RESET_MS has passed', async () => {
    const s = await started(300);
    await openUsersBreaker(s);
    await waitUntil(async () => (await usersBreaker(s)) === 'half-open');
    expect(await s.breakers()).toEqual({ users: 'half-open', orders: 'closed', cart: 'closed' });
  });

  it('lets a trial call through after BREAKER_RESET_MS and closes when it succeeds', async () => {
    const s = await started(300);
    await openUsersBreaker(s);
    s.fakes.users.heal();
    clearRequests(s.fakes);
    await waitUntil(async () => (await usersBreaker(s)) === 'half-open');
    const { body } = await s.query('{ me { id } }');
    expect(body).toEqual({ data: { me: { id: 'u1' } } });
    expect(s.fakes.users.requests).toHaveLength(1);
    expect(await usersBreaker(s)).toBe('closed');
  });

  it('reopens when the trial call fails', async () => {
    const s = await started(300);
    await openUsersBreaker(s);
    clearRequests(s.fakes);
    await waitUntil(async () => (await usersBreaker(s)) === 'half-open');
    const { body } = await s.query('{ me { id } }');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', service: 'users' });
    expect(s.fakes.users.requests).toHaveLength(1);
    expect(await usersBreaker(s)).toBe('open');
  });

  it('never opens on 4xx replies, however many', async () => {
    const s = await started(5000);
    s.fakes.users.fail({ kind: 'status', status: 404 });
    const attempts = BREAKER_FAILURE_THRESHOLD * 3;
    for (let i = 0; i < attempts; i += 1) {
      const { body } = await s.query('{ me { id } }');
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', service: 'users' });
    }
    expect(s.fakes.users.requests).toHaveLength(attempts);
    expect(await usersBreaker(s)).toBe('closed');
  });

  it('never opens on 403 replies', async () => {
    const s = await started(5000);
    s.fakes.orders.fail({ kind: 'status', status: 403 });
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD * 2; i += 1) await s.query('{ me { orders { id } } }');
    expect((await s.breakers()).orders).toBe('closed');
  });

  it('counts timeouts against the breaker', async () => {
    const s = await started(5000, SHORT_TIMEOUT_MS);
    s.fakes.cart.fail({ kind: 'delay', ms: SHORT_TIMEOUT_MS * 10 });
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) {
      const { body } = await s.query('{ dashboard { cart { itemCount } } }');
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', service: 'cart' });
    }
    expect((await s.breakers()).cart).toBe('open');
  });

  it('counts refused connections against the breaker', async () => {
    const s = await started(5000);
    await s.fakes.orders.refuse();
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) await s.query('{ dashboard { recentOrders { id } } }');
    expect((await s.breakers()).orders).toBe('open');
  });

  it('answers /readyz 503 not-ready when every breaker is open', async () => {
    const s = await started(5000);
    for (const fake of [s.fakes.users, s.fakes.orders, s.fakes.cart]) fake.fail({ kind: 'status', status: 500 });
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) {
      await s.query('{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }');
    }
    const ready = await getJson(`${s.gateway.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'not-ready',
      upstreams: { users: { breaker: 'open' }, orders: { breaker: 'open' }, cart: { breaker: 'open' } },
    });
  });
});
