import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SHORT_TIMEOUT_MS, startStack, useStackPerTest, type GatewayStack } from '../../support/gateway-stack.js';
import { DASHBOARD, FAILURES, PART } from '../../support/failures.js';
import { at } from '../../support/start-gateway.js';
import { perTest } from '../../support/per-test.js';

const ME = `{ me { id name email } }`;
const ME_CART = `{ me { cart { items { productId quantity } itemCount } } }`;
const ADD_TO_CART = /* GraphQL */ `mutation { addToCart(productId: "p-new", name: "New", quantity: 1, unitPrice: 100) { itemCount } }`;
const CHECKOUT = /* GraphQL */ `mutation { checkout(idempotencyKey: "k-1") { id } }`;

describe.each(['users', 'orders', 'cart'] as const)('last good %s data', (service) => {
  const started = useStackPerTest();
  for (const { name, code, inject } of FAILURES) {
    it(`serves the last good ${PART[service]} marked stale when ${service} ${name}`, async () => {
      const stack = await started({ UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
      const good = await stack.query(DASHBOARD);
      expect(good.body.errors).toBeUndefined();
      await inject(stack.fakes[service]);

      const { status, body, headers } = await stack.query(DASHBOARD);

      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(at(body.data, 'dashboard', PART[service])).toEqual(at(good.body.data, 'dashboard', PART[service]));
      expect(at(body, 'extensions', 'stale')).toEqual([{ path: ['dashboard', PART[service]], service, ageSeconds: expect.any(Number) }]);
      expect(at(body, 'extensions', 'degraded')).toEqual([{ service, code, stale: true }]);
      expect(headers['gateway-degraded']).toBe(`${service};code=${code};stale`);
    });
  }
});

describe('last good data', () => {
  const started = useStackPerTest();

  it('serves it while the breaker is open, without calling the service', async () => {
    const stack = await started();
    const good = await stack.query(DASHBOARD);
    stack.fakes.cart.fail({ kind: 'status', status: 500 });
    for (let i = 0; i < 5; i += 1) await stack.query(ME_CART);
    expect((await stack.breakers()).cart).toBe('open');
    const calls = stack.fakes.cart.requests.length;

    const { body } = await stack.query(DASHBOARD);

    expect(stack.fakes.cart.requests).toHaveLength(calls);
    expect(at(body.data, 'dashboard', 'cart')).toEqual(at(good.body.data, 'dashboard', 'cart'));
    expect(at(body, 'extensions', 'degraded')).toEqual([{ service: 'cart', code: 'UPSTREAM_UNAVAILABLE', stale: true }]);
    const metrics = await (await request(`${stack.gateway.url}/metrics`)).body.text();
    expect(metrics).toContain('gateway_stale_served_total{service="cart"} 6');
  });

  it("gives every order in a list its user's last good profile, each path marked, when users fails", async () => {
    const stack = await started();
    const query = '{ me { name orders(limit: 3) { id user { name } } } }';
    const good = await stack.query(query);
    expect(good.body.errors).toBeUndefined();
    stack.fakes.users.fail({ kind: 'status', status: 503 });

    const { body } = await stack.query(query);

    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(good.body.data);
    const orders = at(good.body.data, 'me', 'orders') as unknown[];
    expect(orders.length).toBeGreaterThan(1);
    const stalePaths = (at(body, 'extensions', 'stale') as Array<{ path: unknown[] }>).map((entry) => entry.path);
    expect(stalePaths).toEqual(expect.arrayContaining([['me'], ...orders.map((_, i) => ['me', 'orders', i, 'user'])]));
    expect(stalePaths).toHaveLength(orders.length + 1);
    expect(at(body, 'extensions', 'degraded')).toEqual([{ service: 'users', code: 'UPSTREAM_ERROR', stale: true }]);
  });

  it('never serves one user what another user was given', async () => {
    const stack = await started();
    expect((await stack.query(ME, { as: 'u1' })).body.errors).toBeUndefined();
    stack.fakes.users.fail({ kind: 'status', status: 503 });

    const { body } = await stack.query(ME, { as: 'u3' });

    expect(at(body.data, 'me')).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', service: 'users' });
    expect(at(body, 'extensions', 'stale')).toBeUndefined();
  });

  it('never serves what the caller saw with other roles', async () => {
    const stack = await started();
    expect((await stack.query(`{ user(id: "u2") { id name email } }`, { as: 'u1', roles: ['admin'] })).body.errors).toBeUndefined();
    stack.fakes.users.fail({ kind: 'status', status: 503 });

    const asUser = await stack.query(`{ user(id: "u2") { id name } }`, { as: 'u1' });
    const asAdmin = await stack.query(`{ user(id: "u2") { id name email } }`, { as: 'u1', roles: ['admin'] });

    expect(at(asUser.body.data, 'user')).toBeNull();
    expect(at(asAdmin.body.data, 'user', 'email')).toEqual(expect.any(String));
    expect(at(asAdmin.body, 'extensions', 'stale')).toEqual([{ path: ['user'], service: 'users', ageSeconds: expect.any(Number) }]);
  });

  it('never replaces a 4xx answer', async () => {
    const stack = await started();
    expect((await stack.query(ME)).body.errors).toBeUndefined();
    stack.fakes.users.fail({ kind: 'status', status: 404 });

    const { body, headers } = await stack.query(ME);

    expect(at(body.data, 'me')).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(body).not.toHaveProperty('extensions');
    expect(headers['gateway-degraded']).toBeUndefined();
  });

  it('forgets the cart when the caller changes it: an added item never brings back the old cart', async () => {
    const stack = await started();
    expect((await stack.query(DASHBOARD)).body.errors).toBeUndefined();
    expect((await stack.query(ADD_TO_CART)).body.errors).toBeUndefined();
    stack.fakes.cart.fail({ kind: 'status', status: 503 });

    const { body } = await stack.query(DASHBOARD);

    expect(at(body.data, 'dashboard', 'cart')).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ path: ['dashboard', 'cart'], extensions: { code: 'UPSTREAM_ERROR' } });
    expect(at(body, 'extensions', 'degraded')).toEqual([{ service: 'cart', code: 'UPSTREAM_ERROR', stale: false }]);
  });

  it('forgets the order lists and the cart after a checkout', async () => {
    const stack = await started();
    await stack.query(ADD_TO_CART);
    expect((await stack.query(DASHBOARD)).body.errors).toBeUndefined();
    expect((await stack.query(CHECKOUT)).body.errors).toBeUndefined();
    stack.fakes.orders.fail({ kind: 'status', status: 503 });
    stack.fakes.cart.fail({ kind: 'status', status: 503 });

    const { body } = await stack.query(DASHBOARD);

    expect(at(body.data, 'dashboard', 'recentOrders')).toBeNull();
    expect(at(body.data, 'dashboard', 'cart')).toBeNull();
    expect(at(body, 'extensions', 'stale')).toBeUndefined();
  });
});

describe('last good data bounds', () => {
  let clock = 1_000_000;
  const started = perTest((env: Readonly<Record<string, string>>): Promise<GatewayStack> => startStack({ env, deps: { now: () => clock } }));

  it('is not served once older than STALE_MAX_AGE_S', async () => {
    const stack = await started({ STALE_MAX_AGE_S: '60' });
    expect((await stack.query(ME)).body.errors).toBeUndefined();
    stack.fakes.users.fail({ kind: 'status', status: 503 });
    clock += 59_000;
    const young = await stack.query(ME);
    clock += 2_000;
    const old = await stack.query(ME);

    expect(at(young.body, 'extensions', 'stale')).toEqual([{ path: ['me'], service: 'users', ageSeconds: 59 }]);
    expect(at(old.body.data, 'me')).toBeNull();
    expect(old.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('keeps at most STALE_MAX_ENTRIES, dropping the least recently stored', async () => {
    const stack = await started({ STALE_MAX_ENTRIES: '1' });
    await stack.query(ME, { as: 'u1' });
    await stack.query(ME, { as: 'u3' });
    stack.fakes.users.fail({ kind: 'status', status: 503 });

    expect(at((await stack.query(ME, { as: 'u1' })).body.data, 'me')).toBeNull();
    expect(at((await stack.query(ME, { as: 'u3' })).body.data, 'me', 'id')).toBe('u3');
  });

  it('keeps nothing past STALE_MAX_BYTES', async () => {
    const stack = await started({ STALE_MAX_BYTES: '64' });
    await stack.query(ME);
    stack.fakes.users.fail({ kind: 'status', status: 503 });

    expect(at((await stack.query(ME)).body.data, 'me')).toBeNull();
  });
});
