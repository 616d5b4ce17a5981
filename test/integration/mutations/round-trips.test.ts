import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_TO_CART, CHECKOUT, MY_CART, REMOVE_FROM_CART, item, orderIdOf, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

// No upstream URLs: the gateway runs the reference services in-process, seeded with users u1..u40.
describe('mutations against the embedded reference services', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('adds to the cart, adds the quantity of a product already there, and removes a product', async () => {
    const first = await gateway.ask(ADD_TO_CART, { as: 'u2', variables: item('p-rt-1', 2, 300) });
    expect(first.errors).toEqual([]);
    const again = await gateway.ask(ADD_TO_CART, { as: 'u2', variables: item('p-rt-1', 1, 300) });
    expect(again.data?.addToCart).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ productId: 'p-rt-1', quantity: 3 })]) });

    const removed = await gateway.ask(REMOVE_FROM_CART, { as: 'u2', variables: { productId: 'p-rt-1' } });
    expect(removed.errors).toEqual([]);
    expect(removed.data?.removeFromCart).toMatchObject({ items: expect.not.arrayContaining([expect.objectContaining({ productId: 'p-rt-1' })]) });
  });

  it('checks the cart out into one order and empties the cart', async () => {
    await gateway.ask(ADD_TO_CART, { as: 'u4', variables: item('p-rt-2', 2, 450) });
    const cart = await gateway.ask(MY_CART, { as: 'u4' });
    const before = (cart.data?.me as { cart: { subtotal: number; items: unknown[] } }).cart;

    const checkout = await gateway.ask(CHECKOUT, { as: 'u4', variables: { key: 'round-trip-1' } });
    expect(checkout.errors).toEqual([]);
    expect(checkout.data?.checkout).toMatchObject({ status: 'PLACED', total: before.subtotal });
    expect((checkout.data?.checkout as { items: unknown[] }).items).toHaveLength(before.items.length);

    const after = await gateway.ask(MY_CART, { as: 'u4' });
    expect(after.data?.me).toMatchObject({ cart: { items: [], itemCount: 0, subtotal: 0 } });
  });

  it('answers the same key from the same user with the same order, also after the cart was emptied', async () => {
    await gateway.ask(ADD_TO_CART, { as: 'u6', variables: item('p-rt-3') });
    const first = await gateway.ask(CHECKOUT, { as: 'u6', variables: { key: 'round-trip-2' } });
    const replay = await gateway.ask(CHECKOUT, { as: 'u6', variables: { key: 'round-trip-2' } });
    expect(replay.errors).toEqual([]);
    expect(orderIdOf(replay)).toBe(orderIdOf(first));
  });

  it('refuses checkout of an empty cart with a new key as BAD_USER_INPUT', async () => {
    await gateway.ask(ADD_TO_CART, { as: 'u8', variables: item('p-rt-4') });
    await gateway.ask(CHECKOUT, { as: 'u8', variables: { key: 'round-trip-3' } });
    const empty = await gateway.ask(CHECKOUT, { as: 'u8', variables: { key: 'round-trip-4' } });
    expect(empty.status).toBe(200);
    expect(empty.data).toBeNull();
    expect(empty.errors).toEqual([expect.objectContaining({ path: ['checkout'], extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('refuses every mutation to an anonymous caller with UNAUTHENTICATED', async () => {
    for (const [query, variables] of [
      [ADD_TO_CART, item('p-rt-5')],
      [REMOVE_FROM_CART, { productId: 'p-rt-5' }],
      [CHECKOUT, { key: 'round-trip-5' }],
    ] as const) {
      const reply = await gateway.ask(query, { variables });
      expect(reply.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });
});
