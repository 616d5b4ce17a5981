import { describe, expect, it } from 'vitest';
import { FormData, request } from 'undici';
import { useStackPerTest } from '../../support/gateway-stack.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';

const started = useStackPerTest();

const ADD = 'mutation { addToCart(productId: "p-csrf", name: "Mug", quantity: 1, unitPrice: 100) { itemCount } }';
const ALLOWED = 'https://app.example.com';
const ALSO_ALLOWED = 'https://admin.example.com';
const REFUSED = 'https://evil.example.net';

async function bearer(): Promise<string> {
  return `Bearer ${await signHmac(TEST_SECRET, { sub: 'u1' })}`;
}

describe('a cross-site form cannot act for a user', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, JSON.stringify({ query: ADD })],
    ['a urlencoded form', { 'content-type': 'application/x-www-form-urlencoded' }, `query=${encodeURIComponent(ADD)}`],
  ])('a POST as %s runs nothing', async (_name, headers, body) => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphql`, { method: 'POST', headers: { ...headers, authorization: await bearer() }, body });
    expect(res.statusCode).toBe(415);
    await res.body.dump();
    expect(s.fakes.cart.requests).toHaveLength(0);
  });

  it('a multipart POST runs nothing', async () => {
    const s = await started();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: ADD }));
    const res = await request(`${s.gateway.url}/graphql`, { method: 'POST', headers: { authorization: await bearer() }, body: form });
    expect(res.statusCode).toBe(415);
    await res.body.dump();
    expect(s.fakes.cart.requests).toHaveLength(0);
  });

  it('GET runs queries only: a mutation over GET is refused (405) and reaches no service', async () => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphql?query=${encodeURIComponent(ADD)}`, { headers: { authorization: await bearer() } });
    expect(res.statusCode).toBe(405);
    await res.body.dump();
    expect(s.fakes.cart.requests).toHaveLength(0);
    const query = await request(`${s.gateway.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: await bearer() } });
    expect(query.statusCode).toBe(200);
    expect(await query.body.json()).toEqual({ data: { me: { id: 'u1' } } });
  });
});

describe('CORS_ORIGINS decides which browser origins may call', () => {
  async function preflight(url: string, origin: string) {
    const res = await request(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    await res.body.dump();
    return res;
  }

  async function post(url: string, origin: string) {
    const res = await request(`${url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    await res.body.dump();
    return res;
  }

  it('an allowed origin gets its preflight and answers with its own Access-Control-Allow-Origin', async () => {
    const s = await started({ CORS_ORIGINS: `${ALLOWED},${ALSO_ALLOWED}` });
    for (const origin of [ALLOWED, ALSO_ALLOWED]) {
      const pre = await preflight(s.gateway.url, origin);
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe(origin);
      expect(String(pre.headers['access-control-allow-headers'])).toContain('authorization');
      expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
      expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
      const res = await post(s.gateway.url, origin);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers.vary)).toMatch(/origin/i);
    }
  });

  it('a refused origin gets no CORS header at all (not even "null")', async () => {
    const s = await started({ CORS_ORIGINS: `${ALLOWED},${ALSO_ALLOWED}` });
    for (const origin of [REFUSED, 'null', `${ALLOWED}.evil.example`]) {
      const pre = await preflight(s.gateway.url, origin);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      expect(pre.headers['access-control-allow-headers']).toBeUndefined();
      expect((await post(s.gateway.url, origin)).headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('with a single allowed origin, another origin is still refused', async () => {
    const s = await started({ CORS_ORIGINS: ALLOWED });
    expect((await post(s.gateway.url, ALLOWED)).headers['access-control-allow-origin']).toBe(ALLOWED);
    expect((await post(s.gateway.url, REFUSED)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('production without CORS_ORIGINS allows no browser origin', async () => {
    const s = await started({ NODE_ENV: 'production' });
    expect((await preflight(s.gateway.url, ALLOWED)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await post(s.gateway.url, ALLOWED)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('development without CORS_ORIGINS allows any origin', async () => {
    const s = await started();
    expect([REFUSED, '*']).toContain((await preflight(s.gateway.url, REFUSED)).headers['access-control-allow-origin']);
  });
});
