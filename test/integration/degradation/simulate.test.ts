import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SHORT_TIMEOUT_MS, useStackPerTest, type GatewayStack } from '../../support/gateway-stack.js';
import { DASHBOARD } from '../../support/failures.js';
import { at } from '../../support/start-gateway.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';

const ME_CART = `{ me { cart { itemCount } } }`;

const simulate = (value: string) => ({ headers: { 'gateway-simulate': value } });

async function metrics(stack: GatewayStack): Promise<string> {
  const res = await request(`${stack.gateway.url}/metrics`);
  return res.body.text();
}

async function passthroughWith(stack: GatewayStack, headers: Record<string, string>) {
  const token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
  const res = await request(`${stack.gateway.url}/api/carts/u1`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  await res.body.dump();
  return res.statusCode;
}

describe('Gateway-Simulate outside production', () => {
  const started = useStackPerTest();

  it.each([
    ['timeout', 'UPSTREAM_TIMEOUT'],
    ['unavailable', 'UPSTREAM_UNAVAILABLE'],
    ['error', 'UPSTREAM_ERROR'],
    [`slow:${SHORT_TIMEOUT_MS * 10}`, 'UPSTREAM_TIMEOUT'],
  ])('fails the cart with cart=%s as a real failure would (%s), without calling it', async (fault, code) => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS), STALE_MAX_AGE_S: '0' });

    const { status, body, headers } = await stack.query(DASHBOARD, simulate(`cart=${fault}`));

    expect(status).toBe(200);
    expect(at(body.data, 'dashboard', 'cart')).toBeNull();
    expect(at(body.data, 'dashboard', 'profile', 'id')).toBe('u1');
    expect(body.errors).toEqual([expect.objectContaining({ path: ['dashboard', 'cart'], extensions: { code, service: 'cart' } })]);
    expect(headers['gateway-degraded']).toBe(`cart;code=${code}`);
    expect(stack.fakes.cart.requests).toHaveLength(0);
  });

  it('delays the call with slow:<ms> and then makes it', async () => {
    const stack = await started();
    const { body } = await stack.query(DASHBOARD, simulate('cart=slow:30'));
    expect(body.errors).toBeUndefined();
    expect(stack.fakes.cart.requests).toHaveLength(1);
  });

  it('fails several services at once', async () => {
    const stack = await started({ STALE_MAX_AGE_S: '0' });
    const { body } = await stack.query(DASHBOARD, simulate('orders=unavailable, users=error'));
    expect(at(body, 'extensions', 'degraded')).toEqual(
      expect.arrayContaining([
        { service: 'orders', code: 'UPSTREAM_UNAVAILABLE', stale: false },
        { service: 'users', code: 'UPSTREAM_ERROR', stale: false },
      ]),
    );
    expect(at(body.data, 'dashboard', 'cart', 'itemCount')).toEqual(expect.any(Number));
  });

  it('serves the last good cart after a first good dashboard', async () => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    const good = await stack.query(DASHBOARD);

    const { body, headers } = await stack.query(DASHBOARD, simulate('cart=timeout'));

    expect(at(body.data, 'dashboard', 'cart')).toEqual(at(good.body.data, 'dashboard', 'cart'));
    expect(at(body, 'extensions', 'stale')).toEqual([{ path: ['dashboard', 'cart'], service: 'cart', ageSeconds: expect.any(Number) }]);
    expect(headers['gateway-degraded']).toBe('cart;code=UPSTREAM_TIMEOUT;stale');
  });

  it('never touches the real breaker or the real calls metrics', async () => {
    const stack = await started();
    for (let i = 0; i < 6; i += 1) await stack.query(ME_CART, simulate('cart=error'));

    expect((await stack.breakers()).cart).toBe('closed');
    expect(await metrics(stack)).not.toMatch(/gateway_upstream_requests_total\{[^}]*service="cart"/);
    expect((await stack.query(ME_CART)).body.errors).toBeUndefined();
  });

  it('logs the simulated call like a real one', async () => {
    const stack = await started({ STALE_MAX_AGE_S: '0' });
    await stack.query(ME_CART, simulate('cart=unavailable'));
    const line = stack.gateway.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'request');
    expect(line?.upstream).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'cart', outcome: 'unavailable' })]));
  });

  it('refuses a header it cannot read with 400 BAD_USER_INPUT', async () => {
    const stack = await started();
    const { status, body } = await stack.query(ME_CART, simulate('carts=timeout'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.fakes.cart.requests).toHaveLength(0);
  });

  it.each([
    ['timeout', 504, 'cart;code=UPSTREAM_TIMEOUT'],
    ['unavailable', 502, 'cart;code=UPSTREAM_UNAVAILABLE'],
    ['error', 502, 'cart;code=UPSTREAM_ERROR'],
  ])('answers a passthrough call with cart=%s as a real failure (%d), without calling the service', async (fault, status, degraded) => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    const token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
    const res = await request(`${stack.gateway.url}/api/carts/u1`, { headers: { authorization: `Bearer ${token}`, 'gateway-simulate': `cart=${fault}` } });
    await res.body.dump();
    expect(res.statusCode).toBe(status);
    expect(res.headers['gateway-degraded']).toBe(degraded);
    expect(stack.fakes.cart.requests).toHaveLength(0);
    expect((await stack.breakers()).cart).toBe('closed');
  });

  it('is never forwarded to a service, by GraphQL or the passthrough', async () => {
    const stack = await started();
    await stack.query(ME_CART, simulate('users=slow:1'));
    expect(await passthroughWith(stack, { 'gateway-simulate': 'users=timeout' })).toBe(200);
    const seen = [...stack.fakes.users.requests, ...stack.fakes.cart.requests];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((recorded) => recorded.headers['gateway-simulate'] !== undefined)).toEqual([]);
  });
});

describe('Gateway-Simulate in production', () => {
  const started = useStackPerTest();

  it('is ignored and never forwarded', async () => {
    const stack = await started({ NODE_ENV: 'production' });

    const { body, headers } = await stack.query(DASHBOARD, simulate('cart=timeout, users=error, orders=unavailable'));
    const passthroughStatus = await passthroughWith(stack, { 'gateway-simulate': 'cart=timeout' });

    expect(body.errors).toBeUndefined();
    expect(headers['gateway-degraded']).toBeUndefined();
    expect(passthroughStatus).toBe(200);
    expect(stack.fakes.cart.requests).toHaveLength(2);
    expect(stack.fakes.cart.requests.filter((recorded) => recorded.headers['gateway-simulate'] !== undefined)).toEqual([]);
  });
});
