import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { SHORT_TIMEOUT_MS, startStack, type StackOptions } from '../../support/gateway-stack.js';
import { postIncremental, type IncrementalPayload } from '../../support/incremental.js';
import { perTest } from '../../support/per-test.js';
import { signHmac, TEST_SECRET } from '../../support/tokens.js';

const started = perTest((options: StackOptions = {}) => startStack(options));
const token = () => signHmac(TEST_SECRET, { sub: 'u1' });

/** What a mobile home screen sends: the profile at once, the cart when its service answers. */
export const MOBILE_DASHBOARD = /* GraphQL */ `
  query MobileDashboard {
    dashboard {
      profile { id name }
      ... @defer(label: "cart") { cart { itemCount subtotal } }
    }
  }
`;

const deferred = (payloads: IncrementalPayload[]) => payloads.flatMap((p) => p.incremental ?? []);

describe('@defer', () => {
  for (const accept of ['multipart/mixed', 'text/event-stream'] as const) {
    it(`sends the profile first and the cart in a later payload (${accept})`, async () => {
      const s = await started();
      const reply = await postIncremental(s.gateway.url, MOBILE_DASHBOARD, { token: await token(), accept });
      expect(reply.status).toBe(200);
      expect(reply.contentType).toContain(accept);
      const [first, ...rest] = reply.payloads;
      expect(first).toEqual({ data: { dashboard: { profile: { id: 'u1', name: expect.any(String) } } }, hasNext: true });
      expect(deferred(rest)).toEqual([{ data: { cart: { itemCount: expect.any(Number), subtotal: expect.any(Number) } }, path: ['dashboard'], label: 'cart' }]);
      expect(rest.at(-1)?.hasNext).toBe(false);
    });
  }

  it('delivers a failing cart as its own payload: null with UPSTREAM_ERROR, the profile unaffected', async () => {
    const s = await started();
    s.fakes.cart.fail({ kind: 'status', status: 503 });
    const reply = await postIncremental(s.gateway.url, MOBILE_DASHBOARD, { token: await token() });
    const [first, ...rest] = reply.payloads;
    expect(first?.errors).toBeUndefined();
    expect(first?.data).toEqual({ dashboard: { profile: { id: 'u1', name: expect.any(String) } } });
    expect(deferred(rest)).toEqual([
      {
        data: { cart: null },
        path: ['dashboard'],
        label: 'cart',
        errors: [expect.objectContaining({ path: ['dashboard', 'cart'], extensions: { code: 'UPSTREAM_ERROR', service: 'cart' } })],
      },
    ]);
    expect(reply.raw).not.toContain('503');
  });

  it('delivers a cart past its deadline as its own payload with UPSTREAM_TIMEOUT', async () => {
    const s = await started({ env: { UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) } });
    s.fakes.cart.fail({ kind: 'delay', ms: SHORT_TIMEOUT_MS * 10 });
    const reply = await postIncremental(s.gateway.url, MOBILE_DASHBOARD, { token: await token() });
    expect(reply.payloads[0]?.data).toEqual({ dashboard: { profile: { id: 'u1', name: expect.any(String) } } });
    expect(deferred(reply.payloads)[0]?.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', service: 'cart' });
  });

  it('answers a deferred query asked for as plain JSON with 406 (incremental delivery needs multipart or SSE)', async () => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: MOBILE_DASHBOARD }),
    });
    await res.body.dump();
    expect(res.statusCode).toBe(406);
  });

  it('runs @defer(if: false) as one ordinary payload', async () => {
    const s = await started();
    const query = '{ dashboard { profile { id } ... @defer(if: false) { cart { itemCount } } } }';
    const reply = await postIncremental(s.gateway.url, query, { token: await token() });
    expect(reply.payloads).toEqual([{ data: { dashboard: { profile: { id: 'u1' }, cart: { itemCount: expect.any(Number) } } } }]);
  });
});

describe('@stream', () => {
  it('sends the first recent orders with the response and the rest as items after it', async () => {
    const s = await started();
    const query = '{ dashboard { recentOrders @stream(initialCount: 2) { id } } }';
    const reply = await postIncremental(s.gateway.url, query, { token: await token() });
    const first = reply.payloads[0]?.data?.dashboard as { recentOrders: unknown[] };
    expect(first.recentOrders).toHaveLength(2);
    const streamed = deferred(reply.payloads.slice(1));
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed[0]).toEqual({ items: [{ id: expect.any(String) }], path: ['dashboard', 'recentOrders', 2] });
  });
});

describe('limits over deferred parts', () => {
  it('counts a deferred fragment towards the depth limit: QUERY_TOO_COMPLEX, nothing executed', async () => {
    const s = await started({ env: { QUERY_MAX_DEPTH: '3' } });
    const query = '{ dashboard { profile { id } ... @defer { recentOrders { items { name } } } } }';
    const reply = await postIncremental(s.gateway.url, query, { token: await token() });
    expect(reply.status).toBe(400);
    expect(reply.payloads[0]?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(s.fakes.orders.requests).toHaveLength(0);
    expect(s.fakes.users.requests).toHaveLength(0);
  });

  it('counts a deferred field against its rate limit: RATE_LIMITED in its own payload', async () => {
    const s = await started();
    // Query.me allows 600 calls a minute: 20 requests of 30 aliases spend them all
    const spend = `{ ${Array.from({ length: 30 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    for (let i = 0; i < 20; i += 1) expect((await s.query(spend)).body.errors).toBeUndefined();
    const reply = await postIncremental(s.gateway.url, '{ dashboard { profile { id } } ... @defer { me { id } } }', { token: await token() });
    expect(reply.payloads[0]?.data).toEqual({ dashboard: { profile: { id: 'u1' } } });
    const [late] = deferred(reply.payloads);
    expect(late?.data).toEqual({ me: null });
    expect(late?.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
  });
});
