import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { at, gql } from '../../support/start-gateway.js';
import {
  TEST_AUDIENCE,
  TEST_CLAIMS,
  TEST_ISSUER,
  TEST_SECRET,
  badHmacTokens,
  badKeyTokens,
  generateTestKey,
  signHmac,
  signWithKey,
  startJwksServer,
  type JwksServer,
  type NamedToken,
  type TestKey,
} from '../../support/tokens.js';

const expected = TEST_CLAIMS;
const ISSUER_ENV = { JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE };

const requestCount = (s: GatewayStack) => s.fakes.users.requests.length + s.fakes.orders.requests.length + s.fakes.cart.requests.length;

describe('authentication with an HS256 secret', () => {
  let stack: GatewayStack;
  let badTokens: NamedToken[] = [];
  beforeAll(async () => {
    stack = await startStack({ env: ISSUER_ENV });
    badTokens = await badHmacTokens(TEST_SECRET, expected);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('serves a good token', async () => {
    const token = await signHmac(TEST_SECRET, { ...expected, sub: 'u2' });
    const { status, body } = await gql(stack.gateway.url, '{ me { id } }', { token });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { id: 'u2' } } });
  });

  it('answers a field that needs a user with UNAUTHENTICATED and HTTP 200 when there is no Authorization header', async () => {
    const { status, body } = await gql(stack.gateway.url, '{ me { id } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ me: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'UNAUTHENTICATED' } })]);
  });

  it('fails each field that needs a user alone for an anonymous caller', async () => {
    const { body } = await gql(stack.gateway.url, '{ me { id } user(id: "u2") { name } order(id: "o1001") { id } }');
    expect(body.data).toEqual({ me: null, user: null, order: null });
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['me'], 'UNAUTHENTICATED'],
      [['user'], 'UNAUTHENTICATED'],
      [['order'], 'UNAUTHENTICATED'],
    ]);
  });

  it('refuses an anonymous mutation with UNAUTHENTICATED without calling the upstream', async () => {
    const before = requestCount(stack);
    const { status, body } = await gql(stack.gateway.url, 'mutation { removeFromCart(productId: "p-100") { itemCount } }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ path: ['removeFromCart'], extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(requestCount(stack)).toBe(before);
  });

  it('refuses every kind of bad token with 401, code UNAUTHENTICATED and no data', async () => {
    expect(badTokens.length).toBeGreaterThan(10);
    for (const { name, token } of badTokens) {
      const { status, body } = await gql(stack.gateway.url, '{ me { id } }', { token });
      expect({ name, status, body }).toEqual({ name, status: 401, body: { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] } });
    }
  });

  it('calls no upstream for a request with a bad token', async () => {
    const before = requestCount(stack);
    const [expired] = badTokens;
    await gql(stack.gateway.url, '{ dashboard { profile { id } recentOrders { id } cart { itemCount } } }', { token: expired?.token });
    expect(requestCount(stack)).toBe(before);
  });

  it('refuses an Authorization header that is not a Bearer token with 401', async () => {
    const { status, body } = await gql(stack.gateway.url, '{ me { id } }', { headers: { authorization: 'Basic dTE6cGFzcw==' } });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('never reads a token from the query string', async () => {
    const token = await signHmac(TEST_SECRET, expected);
    const query = encodeURIComponent('{ me { id } }');
    const res = await request(`${stack.gateway.url}/graphql?query=${query}&access_token=${token}&token=${token}`, {
      headers: { accept: 'application/json' },
    });
    const body: unknown = await res.body.json();
    expect(res.statusCode).toBe(200);
    expect(at(body, 'data', 'me')).toBeNull();
    expect(at(body, 'errors', 0, 'extensions', 'code')).toBe('UNAUTHENTICATED');
  });

  it('sends the roles claim upstream so an admin sees what the owner sees', async () => {
    const token = await signHmac(TEST_SECRET, { ...expected, sub: 'u9', roles: ['admin'] });
    const { body } = await gql(stack.gateway.url, '{ user(id: "u2") { email } }', { token });
    expect(body).toEqual({ data: { user: { email: 'grace.hopper@example.com' } } });
  });
});

describe('authentication with a JWKS', () => {
  let rsa: TestKey;
  let ec: TestKey;
  let ed: TestKey;
  let jwks: JwksServer | undefined;
  let stack: GatewayStack | undefined;

  beforeAll(async () => {
    [rsa, ec, ed] = await Promise.all([generateTestKey('RS256'), generateTestKey('ES256'), generateTestKey('EdDSA')]);
  });
  afterEach(async () => {
    await stack?.close();
    await jwks?.close();
    stack = undefined;
    jwks = undefined;
  });

  async function started(): Promise<{ s: GatewayStack; server: JwksServer }> {
    jwks = await startJwksServer([rsa, ec, ed]);
    stack = await startStack({ env: { ...ISSUER_ENV, JWT_SECRET: '', JWKS_URL: jwks.url } });
    return { s: stack, server: jwks };
  }

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('serves a good %s token', async (alg) => {
    const { s } = await started();
    const key = { RS256: rsa, ES256: ec, EdDSA: ed }[alg];
    const { status, body } = await gql(s.gateway.url, '{ me { id } }', { token: await signWithKey(key, { ...expected, sub: 'u4' }) });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { id: 'u4' } } });
  });

  it('refuses every kind of bad token with 401 and code UNAUTHENTICATED', async () => {
    const { s } = await started();
    for (const { name, token } of await badKeyTokens(rsa, expected)) {
      const { status, body } = await gql(s.gateway.url, '{ me { id } }', { token });
      expect({ name, status, body }).toEqual({ name, status: 401, body: { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] } });
    }
  });

  it('answers 503 with UPSTREAM_UNAVAILABLE for jwks, not 401, when the JWKS server is down', async () => {
    const { s, server } = await started();
    await server.close();
    const { status, body } = await gql(s.gateway.url, '{ me { id } }', { token: await signWithKey(rsa, expected) });
    expect(status).toBe(503);
    expect(body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'jwks' } })] });
    expect(requestCount(s)).toBe(0);
  });

  it('answers 503 with UPSTREAM_UNAVAILABLE for jwks when the JWKS server answers 500', async () => {
    const { s, server } = await started();
    server.fail(500);
    const { status, body } = await gql(s.gateway.url, '{ me { id } }', { token: await signWithKey(ec, expected) });
    expect(status).toBe(503);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', service: 'jwks' });
  });

  it('still serves anonymous requests while the JWKS server is down', async () => {
    const { s, server } = await started();
    await server.close();
    const { status, body } = await gql(s.gateway.url, '{ me { id } }');
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('fetches the JWKS once for many requests', async () => {
    const { s, server } = await started();
    const tokens = await Promise.all([rsa, ec, ed, rsa, ec, ed].map((key, i) => signWithKey(key, { ...expected, sub: `u${i + 1}` })));
    await Promise.all(tokens.map((token) => gql(s.gateway.url, '{ me { id } }', { token })));
    for (const token of tokens) {
      const { status } = await gql(s.gateway.url, '{ me { id } }', { token });
      expect(status).toBe(200);
    }
    expect(server.fetches).toBe(1);
  });
});
