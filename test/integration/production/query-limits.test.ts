import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { FakeUpstreams } from '../../support/fake-upstream.js';
import { useStackPerTest } from '../../support/gateway-stack.js';
import type { GqlResult } from '../../support/start-gateway.js';
import {
  CONFORMANCE_INTROSPECTION,
  FULL_INTROSPECTION,
  REAL_QUERIES,
  TYPE_INTROSPECTION,
  nestedOrders,
  nestedOrdersInFragments,
} from './queries.js';

const started = useStackPerTest();

function upstreamCalls(fakes: FakeUpstreams): number {
  return fakes.users.requests.length + fakes.orders.requests.length + fakes.cart.requests.length;
}

function expectTooComplex(result: GqlResult, status = 400): void {
  expect(result.status, result.text).toBe(status);
  expect(result.body.data, result.text).toBeUndefined();
  expect(result.body.errors?.map((error) => error.extensions?.code), result.text).toContain('QUERY_TOO_COMPLEX');
}

async function postRaw(url: string, body: string | Readable, headers: Record<string, string> = {}) {
  const res = await request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: JSON.parse(text) as GqlResult['body'] };
}

describe('the default limits let real traffic through', () => {
  it.each([
    ['getIntrospectionQuery() with every option', FULL_INTROSPECTION],
    ["the conformance suite's introspection query", CONFORMANCE_INTROSPECTION],
    ['a deep __type query', TYPE_INTROSPECTION],
  ])('%s', async (_name, query) => {
    const s = await started();
    const result = await s.query(query);
    expect(result.status, result.text).toBe(200);
    expect(result.body.errors, result.text).toBeUndefined();
  });

  it.each(Object.entries(REAL_QUERIES))('the schema query "%s"', async (name, query) => {
    const s = await started();
    const order = s.fakes.store.ordersOfUser('u1', 1)[0]?.id ?? 'no-order';
    const variables = { id: 'u1', order, limit: 50, p: 'p-limits', k: `key-${name}` };
    const used = Object.fromEntries(Object.entries(variables).filter(([key]) => query.includes(`$${key}`)));
    if (name === 'checkout') await s.query(REAL_QUERIES.addToCart ?? '', { variables: { p: 'p-limits' } });
    const result = await s.query(query, { variables: used });
    expect(result.status, result.text).toBe(200);
    expect(result.body.errors, result.text).toBeUndefined();
  });
});

describe('each limit refuses with QUERY_TOO_COMPLEX before anything reaches a service', () => {
  it.each([
    ['depth (QUERY_MAX_DEPTH 15)', nestedOrders(7)],
    ['depth hidden in a chain of fragments', nestedOrdersInFragments(7)],
    ['aliases (QUERY_MAX_ALIASES 30)', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }`],
    ['aliases hidden in a fragment spread many times', `{ me { ${Array.from({ length: 4 }, () => '...A').join(' ')} } } fragment A on User { ${Array.from({ length: 8 }, (_, i) => `n${i}: name`).join(' ')} }`],
    ['tokens (QUERY_MAX_TOKENS 2000)', `{ me { ${'id '.repeat(2000)}} }`],
    ['directives (50)', `{ me { ${Array.from({ length: 51 }, () => 'id @include(if: true)').join(' ')} } }`],
    ['cost (QUERY_MAX_COST 60000): three nested lists of 50', nestedOrders(3, 50)],
    ['cost with the list size in a variable (counted at its maximum, 50)', 'query($n: Int) { me { orders(limit: $n) { user { orders(limit: $n) { user { orders(limit: $n) { id } } } } } } }'],
    ['cost hidden in fragments', nestedOrdersInFragments(3, 50)],
    ['cost of an introspection query nesting `fields` (no introspection exemption)', '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }'],
  ])('%s', async (_name, query) => {
    const s = await started();
    const result = await s.query(query, { variables: { n: 50 } });
    expectTooComplex(result);
    expect(upstreamCalls(s.fakes)).toBe(0);
  });

  it('answers 400 for Accept: application/graphql-response+json too', async () => {
    const s = await started();
    const result = await s.query(nestedOrders(7), { headers: { accept: 'application/graphql-response+json' } });
    expectTooComplex(result);
  });

  it('refuses a mutation past a limit without running it', async () => {
    const s = await started();
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: addToCart(productId: "p-${i}", name: "x", quantity: 1, unitPrice: 1) { itemCount }`);
    expectTooComplex(await s.query(`mutation { ${aliases.join(' ')} }`));
    expect(upstreamCalls(s.fakes)).toBe(0);
  });

  it('takes its limits from QUERY_MAX_* (QUERY_MAX_DEPTH=3 refuses the dashboard)', async () => {
    const s = await started({ QUERY_MAX_DEPTH: '3' });
    expectTooComplex(await s.query(REAL_QUERIES.dashboard ?? ''));
    expect((await s.query('{ me { id } }')).body.errors).toBeUndefined();
  });

  it('refuses a fragment cycle as invalid GraphQL (400), without hanging or calling a service', async () => {
    const s = await started();
    const result = await s.query('{ me { ...A } } fragment A on User { orders { user { ...B } } } fragment B on User { orders { user { ...A } } }', {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(result.status, result.text).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.text).toMatch(/Cannot spread fragment/);
    expect(upstreamCalls(s.fakes)).toBe(0);
  });
});

describe('request size', () => {
  it('answers a body over 1 MB (Content-Length) with 413 QUERY_TOO_COMPLEX', async () => {
    const s = await started();
    const result = await postRaw(s.gateway.url, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(1024 * 1024) } }));
    expectTooComplex(result, 413);
    expect(upstreamCalls(s.fakes)).toBe(0);
  });

  it('answers a chunked body that grows past 1 MB with 413 QUERY_TOO_COMPLEX', async () => {
    const s = await started();
    async function* chunks() {
      yield Buffer.from('{"query":"{ me { id } }","variables":{"pad":"');
      for (let i = 0; i < 40; i += 1) yield Buffer.alloc(64 * 1024, 'x');
      yield Buffer.from('"}}');
    }
    expectTooComplex(await postRaw(s.gateway.url, Readable.from(chunks())), 413);
  });

  it('answers a JSON array of 1000 operations with 413 QUERY_TOO_COMPLEX, running none', async () => {
    const s = await started();
    const batch = Array.from({ length: 1000 }, () => ({ query: '{ me { id } }' }));
    expectTooComplex(await postRaw(s.gateway.url, JSON.stringify(batch)), 413);
    expect(upstreamCalls(s.fakes)).toBe(0);
  });

  it('refuses batching altogether: an array of two operations is 413 as well', async () => {
    const s = await started();
    const batch = [{ query: '{ me { id } }' }, { query: '{ me { name } }' }];
    expectTooComplex(await postRaw(s.gateway.url, JSON.stringify(batch)), 413);
    expect(upstreamCalls(s.fakes)).toBe(0);
  });

  it('keeps Yoga parse errors for plain syntax errors (GRAPHQL_PARSE_FAILED, not QUERY_TOO_COMPLEX)', async () => {
    const s = await started();
    const result = await s.query('{ me { id ', { headers: { accept: 'application/graphql-response+json' } });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keeps invalid JSON a 400 BAD_REQUEST', async () => {
    const s = await started();
    const result = await request(`${s.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(result.statusCode).toBe(400);
    expect(await result.body.text()).toContain('BAD_REQUEST');
  });
});
