import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { ADD_TO_CART, CHECKOUT, item, orderIdOf, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

/** 30 aliases of `me`: the query-limit maximum, so 20 requests spend the 600 of `Query.me`. */
const THIRTY_MES = `{ ${Array.from({ length: 30 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;

describe('@rateLimit counts per field and per user (counters in memory)', () => {
  let fakes: FakeUpstreams;
  let gateway: TestGateway;

  beforeEach(async () => {
    fakes = await startFakeUpstreams();
    for (const id of ['alice', 'bob']) fakes.store.addUser({ id });
    gateway = await startTestGateway(fakes.env);
  });
  afterEach(async () => {
    await gateway.close();
    await fakes.close();
  });

  async function checkoutFiveTimes(as: string): Promise<void> {
    await gateway.ask(ADD_TO_CART, { as, variables: item('p-1') });
    const first = await gateway.ask(CHECKOUT, { as, variables: { key: 'k' } });
    for (let i = 1; i < 5; i += 1) {
      const again = await gateway.ask(CHECKOUT, { as, variables: { key: 'k' } });
      expect(orderIdOf(again)).toBe(orderIdOf(first));
    }
  }

  it('refuses the sixth checkout in a minute with RATE_LIMITED and retryAfter in whole seconds', async () => {
    await checkoutFiveTimes('alice');
    const sixth = await gateway.ask(CHECKOUT, { as: 'alice', variables: { key: 'k' } });

    expect(sixth.status).toBe(200);
    expect(sixth.data).toBeNull();
    expect(sixth.errors).toHaveLength(1);
    const [error] = sixth.errors;
    expect(error).toMatchObject({ path: ['checkout'], extensions: { code: 'RATE_LIMITED' } });
    const retryAfter = error?.extensions?.retryAfter;
    expect(Number.isInteger(retryAfter) && typeof retryAfter === 'number' && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await gateway.metric('gateway_rate_limited_total{field="Mutation.checkout"}')).toBe(1);
  });

  it("leaves another user's checkouts and the same user's other fields alone", async () => {
    await checkoutFiveTimes('alice');
    expect((await gateway.ask(CHECKOUT, { as: 'alice', variables: { key: 'k' } })).errors[0]?.extensions?.code).toBe('RATE_LIMITED');

    await gateway.ask(ADD_TO_CART, { as: 'bob', variables: item('p-2') });
    expect((await gateway.ask(CHECKOUT, { as: 'bob', variables: { key: 'k' } })).errors).toEqual([]);
    expect((await gateway.ask(ADD_TO_CART, { as: 'alice', variables: item('p-3') })).errors).toEqual([]);
  });

  it('nulls only the refused field of a request; the other fields keep their data', async () => {
    for (let i = 0; i < 20; i += 1) expect((await gateway.ask(THIRTY_MES, { as: 'alice' })).errors).toEqual([]);

    const reply = await gateway.ask('{ me { id } user(id: "bob") { id name } }', { as: 'alice' });
    expect(reply.status).toBe(200);
    expect(reply.data).toEqual({ me: null, user: { id: 'bob', name: expect.any(String) } });
    expect(reply.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
  });

  it('answers anonymous calls UNAUTHENTICATED without spending anything', async () => {
    for (let i = 0; i < 10; i += 1) {
      const anonymous = await gateway.ask(CHECKOUT, { variables: { key: 'k' } });
      expect(anonymous.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
    await checkoutFiveTimes('alice');
    expect(await gateway.metric('gateway_rate_limited_total{field="Mutation.checkout"}')).toBe(0);
  });
});
