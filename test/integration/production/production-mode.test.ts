import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useStackPerTest } from '../../support/gateway-stack.js';
import { FULL_INTROSPECTION, TYPE_INTROSPECTION } from './queries.js';

const started = useStackPerTest();

const PRODUCTION = { NODE_ENV: 'production' };

describe('NODE_ENV=production', () => {
  it('does not serve GraphiQL to a browser', async () => {
    const s = await started(PRODUCTION);
    const res = await request(`${s.gateway.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    const text = await res.body.text();
    expect(String(res.headers['content-type'] ?? '')).not.toContain('text/html');
    expect(text).not.toMatch(/graphiql/i);
  });

  it.each([
    ['__schema', FULL_INTROSPECTION],
    ['__type', TYPE_INTROSPECTION],
    ['__schema hidden in a fragment', '{ ...Q } fragment Q on Query { __schema { queryType { name } } }'],
  ])('refuses introspection (%s) with a coded error', async (_name, query) => {
    const s = await started(PRODUCTION);
    const result = await s.query(query, { headers: { accept: 'application/graphql-response+json' } });
    expect(result.status, result.text).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0]?.message).toMatch(/introspection has been disabled/);
  });

  it('still answers __typename', async () => {
    const s = await started(PRODUCTION);
    const result = await s.query('{ __typename me { __typename id } }');
    expect(result.body).toEqual({ data: { __typename: 'Query', me: { __typename: 'User', id: 'u1' } } });
  });

  it('gives no "Did you mean" suggestions for unknown fields, arguments or types', async () => {
    const s = await started(PRODUCTION);
    for (const query of ['{ me { nme } }', '{ me { orders(limt: 2) { id } } }', '{ me { ... on Usr { id } } }']) {
      const result = await s.query(query);
      expect(result.body.errors?.length, result.text).toBeGreaterThan(0);
      expect(result.text).not.toMatch(/did you mean/i);
    }
  });

  it('has no demo token and no embedded services', async () => {
    const s = await started(PRODUCTION);
    expect(s.gateway.gateway.demoToken).toBeUndefined();
    expect(s.gateway.gateway.embeddedUpstreams).toBeUndefined();
  });

  it('keeps introspection, suggestions and GraphiQL in development (the control case)', async () => {
    const s = await started();
    expect((await s.query(FULL_INTROSPECTION)).body.errors).toBeUndefined();
    expect((await s.query('{ me { nme } }')).body.errors?.[0]?.message).toMatch(/Did you mean "name"\?/);
    const page = await request(`${s.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.body.text()).toMatch(/graphiql/i);
  });
});
