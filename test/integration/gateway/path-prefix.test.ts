import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_ENV, startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { at, gql, startGateway } from '../../support/start-gateway.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';

let stack: GatewayStack;
beforeAll(async () => {
  stack = await startStack({ basePath: '/v1' });
});
afterAll(async () => {
  await stack.close();
});

describe('upstream URLs with a path prefix', () => {
  it('configures the gateway with URLs ending in the prefix', () => {
    expect(stack.fakes.env.USERS_URL).toMatch(/\/v1$/);
  });

  it('serves the dashboard through upstreams mounted under /v1', async () => {
    const { body } = await stack.query('{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }');
    expect(body.errors).toBeUndefined();
    expect(at(body.data, 'dashboard', 'profile', 'id')).toBe('u1');
    expect(at(body.data, 'dashboard', 'recentOrders')).toHaveLength(10);
  });

  it('loses the prefix nowhere: the same upstreams without it answer 404', async () => {
    const env = Object.fromEntries(Object.entries(stack.fakes.env).map(([name, url]) => [name, url.replace(/\/v1$/, '')]));
    const bare = await startGateway({ ...FAST_ENV, ...env });
    try {
      const { body } = await gql(bare.url, '{ me { id } }', { token: await signHmac(TEST_SECRET) });
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', service: 'users' });
    } finally {
      await bare.close();
    }
  });

  it('sends mutations under the prefix too', async () => {
    const shopper = stack.fakes.store.addUser();
    const { body } = await stack.query('mutation { addToCart(productId: "p-1", name: "Mug", quantity: 2, unitPrice: 900) { itemCount subtotal } }', {
      as: shopper.id,
    });
    expect(body).toEqual({ data: { addToCart: { itemCount: 2, subtotal: 1800 } } });
  });
});
