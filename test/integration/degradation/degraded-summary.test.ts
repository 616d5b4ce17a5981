import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SHORT_TIMEOUT_MS, useStackPerTest, type GatewayStack } from '../../support/gateway-stack.js';
import { DASHBOARD } from '../../support/failures.js';
import { at } from '../../support/start-gateway.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';

const ME_CART = `{ me { cart { itemCount } } }`;

async function passthrough(stack: GatewayStack, path: string) {
  const token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
  const res = await request(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${token}`, origin: 'https://app.example.com' } });
  await res.body.dump();
  return { status: res.statusCode, headers: res.headers };
}

describe('the degraded summary', () => {
  const started = useStackPerTest();

  it('is absent from a healthy response, body and header', async () => {
    const stack = await started();
    const { body, headers } = await stack.query(DASHBOARD);
    expect(body).not.toHaveProperty('extensions');
    expect(headers['gateway-degraded']).toBeUndefined();
  });

  it('names a failed service with its code, not stale, on a partial response', async () => {
    const stack = await started({ STALE_MAX_AGE_S: '0' });
    stack.fakes.orders.fail({ kind: 'status', status: 500 });

    const { body, headers } = await stack.query(DASHBOARD);

    expect(at(body.data, 'dashboard', 'recentOrders')).toBeNull();
    expect(at(body, 'extensions', 'degraded')).toEqual([{ service: 'orders', code: 'UPSTREAM_ERROR', stale: false }]);
    expect(at(body, 'extensions', 'stale')).toBeUndefined();
    expect(headers['gateway-degraded']).toBe('orders;code=UPSTREAM_ERROR');
  });

  it('has one entry per service: a stale one and a failed one', async () => {
    const stack = await started();
    expect((await stack.query(ME_CART)).body.errors).toBeUndefined();
    await stack.fakes.cart.refuse();
    stack.fakes.orders.fail({ kind: 'status', status: 503 });

    const { body, headers } = await stack.query(`{ dashboard { recentOrders { id } cart { itemCount } } me { cart { itemCount } } }`);

    expect(at(body, 'extensions', 'degraded')).toEqual([
      { service: 'cart', code: 'UPSTREAM_UNAVAILABLE', stale: true },
      { service: 'orders', code: 'UPSTREAM_ERROR', stale: false },
    ]);
    expect(at(body, 'extensions', 'stale')).toEqual([
      { path: ['dashboard', 'cart'], service: 'cart', ageSeconds: expect.any(Number) },
      { path: ['me', 'cart'], service: 'cart', ageSeconds: expect.any(Number) },
    ]);
    expect(headers['gateway-degraded']).toBe('cart;code=UPSTREAM_UNAVAILABLE;stale, orders;code=UPSTREAM_ERROR');
  });

  it('is readable by browsers: CORS exposes Gateway-Degraded', async () => {
    const stack = await started();
    const token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
    const res = await request(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: 'https://app.example.com' },
      body: JSON.stringify({ query: ME_CART }),
    });
    await res.body.dump();
    expect(String(res.headers['access-control-expose-headers'])).toContain('gateway-degraded');
  });
});

describe('the passthrough Gateway-Degraded header', () => {
  const started = useStackPerTest();

  it('is on a 502 for an upstream 5xx', async () => {
    const stack = await started();
    stack.fakes.cart.fail({ kind: 'status', status: 500 });
    const { status, headers } = await passthrough(stack, '/api/carts/u1');
    expect(status).toBe(502);
    expect(headers['gateway-degraded']).toBe('cart;code=UPSTREAM_ERROR');
    expect(String(headers['access-control-expose-headers'])).toContain('gateway-degraded');
  });

  it('is on a 504 for a timeout', async () => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
    stack.fakes.users.fail({ kind: 'delay', ms: SHORT_TIMEOUT_MS * 10 });
    const { status, headers } = await passthrough(stack, '/api/users/u1');
    expect(status).toBe(504);
    expect(headers['gateway-degraded']).toBe('users;code=UPSTREAM_TIMEOUT');
  });

  it('is on a 503 once the breaker is open', async () => {
    const stack = await started();
    stack.fakes.orders.fail({ kind: 'status', status: 500 });
    for (let i = 0; i < 5; i += 1) await passthrough(stack, '/api/orders/o1');
    const { status, headers } = await passthrough(stack, '/api/orders/o1');
    expect(status).toBe(503);
    expect(headers['gateway-degraded']).toBe('orders;code=UPSTREAM_UNAVAILABLE');
  });

  it('is absent on answers, 4xx included', async () => {
    const stack = await started();
    expect((await passthrough(stack, '/api/users/u1')).headers['gateway-degraded']).toBeUndefined();
    const missing = await passthrough(stack, '/api/users/nobody');
    expect(missing.status).toBe(404);
    expect(missing.headers['gateway-degraded']).toBeUndefined();
  });
});
