import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceService, startReferenceServices } from '../../../src/reference/start.js';
import { createReferenceStore } from '../../../src/reference/store.js';
import { call } from './client.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('startReferenceServices', () => {
  it('starts users, orders and cart on free loopback ports that answer /healthz', async () => {
    const services = await startReferenceServices();
    closers.push(services.close);
    for (const url of Object.values(services.urls)) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await call(`${url}/healthz`)).json).toEqual({ status: 'ok' });
    }
  });

  it('shares one store between the three services', async () => {
    const store = createReferenceStore();
    const services = await startReferenceServices({ store });
    closers.push(services.close);
    const item = { productId: 'p-100', name: 'Beans', quantity: 1, unitPrice: 1450 };
    const created = await call(`${services.urls.orders}/orders`, {
      method: 'POST',
      user: 'u5',
      headers: { 'idempotency-key': 'k' },
      body: { userId: 'u5', items: [item] },
    });
    expect(services.store).toBe(store);
    expect(store.createdOrders.map((o) => o.id)).toEqual([expect.any(String)]);
    expect(created.json).toEqual(store.createdOrders[0]);
  });

  it('refuses connections after close, keep-alive sockets included', async () => {
    const services = await startReferenceServices();
    await call(`${services.urls.users}/users/u1`);
    await services.close();
    await expect(call(`${services.urls.users}/users/u1`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('startReferenceService', () => {
  it('starts a single service on the requested port', async () => {
    const first = await startReferenceService('cart');
    await first.close();
    const again = await startReferenceService('cart', { port: first.port, host: '127.0.0.1' });
    closers.push(again.close);
    expect(again.url).toBe(`http://127.0.0.1:${first.port}`);
    expect((await call(`${again.url}/carts/u1`, { user: 'u1' })).status).toBe(200);
  });

  it('rejects when the port is taken', async () => {
    const first = await startReferenceService('users');
    closers.push(first.close);
    await expect(startReferenceService('users', { port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
