import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { getJson } from '../../support/start-gateway.js';

let stack: GatewayStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('health endpoints', () => {
  it('answers /healthz with 200', async () => {
    const { status, body } = await getJson(`${stack.gateway.url}/healthz`);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200, ready and every breaker closed', async () => {
    const { status, headers, body } = await getJson(`${stack.gateway.url}/readyz`);
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(body).toEqual({
      status: 'ready',
      upstreams: { users: { breaker: 'closed' }, orders: { breaker: 'closed' }, cart: { breaker: 'closed' } },
    });
  });

  it('answers /healthz and /readyz without calling any upstream', async () => {
    await getJson(`${stack.gateway.url}/healthz`);
    await getJson(`${stack.gateway.url}/readyz`);
    expect([stack.fakes.users, stack.fakes.orders, stack.fakes.cart].map((fake) => fake.requests.length)).toEqual([0, 0, 0]);
  });

  it('answers an unknown path with 404 and a JSON error', async () => {
    const { status, body } = await getJson(`${stack.gateway.url}/nowhere`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'Not found', requestId: expect.any(String) });
  });
});
