import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { UNREACHABLE_REDIS_URL, startSilentRedis, type SilentServer } from '../../support/redis.js';
import { ADD_TO_CART, CHECKOUT, item, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

// No real Redis needed: one Redis refuses connections, the other accepts them and never answers.
describe('a gateway whose Redis is unreachable or hanging', () => {
  let fakes: FakeUpstreams;
  let silent: SilentServer;
  let gateway: TestGateway | undefined;

  beforeEach(async () => {
    fakes = await startFakeUpstreams();
    fakes.store.addUser({ id: 'dave' });
    silent = await startSilentRedis();
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await silent.close();
    await fakes.close();
  });

  const codes = (reply: { errors: readonly { extensions?: { code?: string } }[] }) => reply.errors.map((error) => error.extensions?.code);

  for (const [name, url] of [
    ['unreachable (connection refused)', () => UNREACHABLE_REDIS_URL],
    ['hanging (accepts, never answers)', () => silent.url],
  ] as const) {
    describe(name, () => {
      beforeEach(async () => {
        gateway = await startTestGateway({ ...fakes.env, REDIS_URL: url() });
      });

      it('serves every request without errors and without waiting on Redis', async () => {
        const g = gateway ?? expect.unreachable();
        const started = performance.now();
        for (let i = 0; i < 10; i += 1) {
          const reply = await g.ask(ADD_TO_CART, { as: 'dave', variables: item(`p-${i}`) });
          expect(reply.status).toBe(200);
          expect(reply.errors).toEqual([]);
        }
        expect(performance.now() - started).toBeLessThan(3000);
        expect(await g.metric('gateway_rate_limit_store_failures_total')).toBe(10);
      });

      it('falls back to the same limit counted locally, and warns once rather than per request', async () => {
        const g = gateway ?? expect.unreachable();
        await g.ask(ADD_TO_CART, { as: 'dave', variables: item('p-1') });
        for (let i = 0; i < 5; i += 1) expect(codes(await g.ask(CHECKOUT, { as: 'dave', variables: { key: 'k' } }))).toEqual([]);
        const sixth = await g.ask(CHECKOUT, { as: 'dave', variables: { key: 'k' } });
        expect(sixth.errors).toEqual([expect.objectContaining({ path: ['checkout'], extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } })]);

        const warnings = g.logs().filter((line) => typeof line.msg === 'string' && line.msg.startsWith('rate limits: Redis unavailable'));
        expect(warnings).toHaveLength(1);
      });

      it('closes promptly', async () => {
        const g = gateway ?? expect.unreachable();
        await g.ask(ADD_TO_CART, { as: 'dave', variables: item('p-1') });
        const started = performance.now();
        await g.close();
        gateway = undefined;
        expect(performance.now() - started).toBeLessThan(2000);
      });
    });
  }
});
