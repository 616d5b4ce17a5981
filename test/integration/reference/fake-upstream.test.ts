import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { LEAK_MARKER, startFakeUpstream, startFakeUpstreams } from '../../support/fake-upstream.js';
import type { FakeUpstream } from '../../support/fake-upstream.js';
import { call } from './client.js';

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

async function fake(service: 'users' | 'orders' | 'cart' = 'users', basePath?: string): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream(service, { basePath });
  started.push(upstream);
  return upstream;
}

describe('startFakeUpstream', () => {
  it('serves the reference service and records each request', async () => {
    const users = await fake();
    const res = await call(`${users.url}/users?ids=u1`, { user: 'u1', headers: { 'x-request-id': 'r-1' } });
    expect(res.json).toEqual([expect.objectContaining({ id: 'u1' })]);
    expect(users.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/users', query: { ids: 'u1' }, body: '' }),
    ]);
    expect(users.requests[0]?.headers['x-request-id']).toBe('r-1');
  });

  it('mounts the service under a base path and answers 404 outside it', async () => {
    const cart = await fake('cart', '/v1');
    expect(cart.url).toMatch(/\/v1$/);
    const body = { productId: 'p-1', name: 'Mug', quantity: 1, unitPrice: 900 };
    expect((await call(`${cart.url}/carts/u1/items`, { method: 'POST', user: 'u1', body })).status).toBe(200);
    expect((await call(`http://127.0.0.1:${cart.port}/carts/u1`, { user: 'u1' })).status).toBe(404);
    expect(cart.requests[0]).toMatchObject({ path: '/carts/u1/items', body: JSON.stringify(body) });
  });

  it('delays the answer by the given milliseconds', async () => {
    const users = await fake();
    users.fail({ kind: 'delay', ms: 200 });
    const started = performance.now();
    const res = await call(`${users.url}/users/u1`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(res.status).toBe(200);
    expect(users.requests).toHaveLength(1);
  });

  it('answers an error status with a leaky body', async () => {
    const users = await fake();
    users.fail({ kind: 'status', status: 503 });
    const res = await call(`${users.url}/users/u1`);
    expect(res.status).toBe(503);
    expect(res.text).toContain(LEAK_MARKER);
  });

  it('resets the connection in the middle of the body', async () => {
    const orders = await fake('orders');
    orders.fail({ kind: 'reset' });
    const read = request(`${orders.url}/orders/o1001`, { headers: { 'x-user-id': 'u1', 'x-user-roles': 'admin' } }).then(
      (res) => res.body.text(),
    );
    await expect(read).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
  });

  it('sends truncated JSON that JSON.parse refuses', async () => {
    const users = await fake();
    users.fail({ kind: 'badJson' });
    const res = await call(`${users.url}/users/u1`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(LEAK_MARKER);
    expect(() => JSON.parse(res.text)).toThrow(SyntaxError);
  });

  it('sends valid JSON of the wrong shape', async () => {
    const users = await fake();
    users.fail({ kind: 'wrongShape' });
    const res = await call(`${users.url}/users?ids=u1`);
    expect(Array.isArray(res.json)).toBe(false);
    expect(res.json).toMatchObject({ id: 42, name: null });
  });

  it('pads a valid answer to the requested size', async () => {
    const users = await fake();
    users.fail({ kind: 'huge', bytes: 3_000_000 });
    const res = await call(`${users.url}/users/u1`);
    expect(Buffer.byteLength(res.text)).toBe(3_000_000);
    expect(res.json).toMatchObject({ id: 'u1' });
  });

  it('sends the headers and first byte, then the rest after a pause', async () => {
    const users = await fake();
    users.fail({ kind: 'slowBody', ms: 300 });
    const started = performance.now();
    const res = await request(`${users.url}/users/u1`);
    expect(res.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    const text = await res.body.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(JSON.parse(text)).toMatchObject({ id: 'u1' });
  });

  it('fails only the first request with times: 1', async () => {
    const users = await fake();
    users.fail({ kind: 'status', status: 500 }, { times: 1 });
    expect((await call(`${users.url}/users/u1`)).status).toBe(500);
    expect((await call(`${users.url}/users/u1`)).status).toBe(200);
  });

  it('fails only the paths that match and stops after heal()', async () => {
    const users = await fake();
    users.fail({ kind: 'status', status: 502 }, { path: /^\/users\/u2$/ });
    expect((await call(`${users.url}/users/u1`)).status).toBe(200);
    expect((await call(`${users.url}/users/u2`)).status).toBe(502);
    users.heal();
    expect((await call(`${users.url}/users/u2`)).status).toBe(200);
  });

  it('refuses connections and listens again on the same port after restore()', async () => {
    const users = await fake();
    await call(`${users.url}/healthz`);
    await users.refuse();
    await expect(call(`${users.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await users.restore();
    expect((await call(`${users.url}/healthz`)).status).toBe(200);
  });
});

describe('startFakeUpstreams', () => {
  it('starts the three services over one store and gives their URLs as env', async () => {
    const fakes = await startFakeUpstreams({ basePath: '/api' });
    started.push(fakes);
    expect(fakes.env).toEqual({ USERS_URL: fakes.users.url, ORDERS_URL: fakes.orders.url, CART_URL: fakes.cart.url });
    const item = { productId: 'p-100', name: 'Beans', quantity: 1, unitPrice: 1450 };
    await call(`${fakes.env.CART_URL}/carts/u2/items`, { method: 'POST', user: 'u2', body: item });
    expect(fakes.users.store).toBe(fakes.store);
    expect(fakes.store.getCart('u2').items).toEqual([item]);
  });
});
