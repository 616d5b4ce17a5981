import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH, MAX_IDEMPOTENCY_KEY_LENGTH, MAX_NAME_LENGTH, MAX_QUANTITY } from '../../../src/resolvers/mutation-input.js';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { ADD_TO_CART, CHECKOUT, REMOVE_FROM_CART, item, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

const valid = item('p-1', 1, 100);

const CASES: readonly { readonly name: string; readonly query: string; readonly variables: Record<string, unknown> }[] = [
  { name: 'addToCart with quantity 0', query: ADD_TO_CART, variables: { ...valid, quantity: 0 } },
  { name: 'addToCart with a negative quantity', query: ADD_TO_CART, variables: { ...valid, quantity: -3 } },
  { name: 'addToCart with a quantity over the maximum', query: ADD_TO_CART, variables: { ...valid, quantity: MAX_QUANTITY + 1 } },
  { name: 'addToCart with a negative unit price', query: ADD_TO_CART, variables: { ...valid, unitPrice: -1 } },
  { name: 'addToCart with an empty productId', query: ADD_TO_CART, variables: { ...valid, productId: '' } },
  { name: 'addToCart with a blank name', query: ADD_TO_CART, variables: { ...valid, name: '   ' } },
  { name: 'addToCart with an oversized productId', query: ADD_TO_CART, variables: { ...valid, productId: 'p'.repeat(MAX_ID_LENGTH + 1) } },
  { name: 'addToCart with an oversized name', query: ADD_TO_CART, variables: { ...valid, name: 'n'.repeat(MAX_NAME_LENGTH + 1) } },
  { name: 'removeFromCart with an empty productId', query: REMOVE_FROM_CART, variables: { productId: '' } },
  { name: 'removeFromCart with an oversized productId', query: REMOVE_FROM_CART, variables: { productId: 'p'.repeat(MAX_ID_LENGTH + 1) } },
  { name: 'checkout with an empty key', query: CHECKOUT, variables: { key: '' } },
  { name: 'checkout with a blank key', query: CHECKOUT, variables: { key: ' \t ' } },
  { name: 'checkout with an oversized key', query: CHECKOUT, variables: { key: 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1) } },
];

describe('mutation arguments are checked before any service is called', () => {
  let fakes: FakeUpstreams;
  let gateway: TestGateway;
  beforeAll(async () => {
    fakes = await startFakeUpstreams();
    gateway = await startTestGateway(fakes.env);
  });
  afterAll(async () => {
    await gateway.close();
    await fakes.close();
  });

  it.each(CASES)('refuses $name with BAD_USER_INPUT, calling no service', async ({ query, variables }) => {
    for (const fake of [fakes.users, fakes.orders, fakes.cart]) fake.requests.splice(0);
    const reply = await gateway.ask(query, { as: 'u1', variables });
    expect(reply.status).toBe(200);
    expect(reply.data).toBeNull();
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors[0]).toMatchObject({ path: [expect.any(String)], extensions: { code: 'BAD_USER_INPUT' } });
    expect([...fakes.users.requests, ...fakes.orders.requests, ...fakes.cart.requests]).toEqual([]);
  });

  it('accepts the smallest valid values (quantity 1, unit price 0)', async () => {
    const reply = await gateway.ask(ADD_TO_CART, { as: 'u2', variables: { ...valid, quantity: 1, unitPrice: 0 } });
    expect(reply.errors).toEqual([]);
    expect(reply.data?.addToCart).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ productId: 'p-1', unitPrice: 0 })]) });
  });
});
