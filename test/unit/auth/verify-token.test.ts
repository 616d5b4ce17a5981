import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeySource } from '../../../src/auth/key-source.js';
import { createTokenVerifier, type TokenVerifier } from '../../../src/auth/verify-token.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import {
  TEST_AUDIENCE,
  TEST_CLAIMS,
  TEST_SECRET,
  badHmacTokens,
  badKeyTokens,
  generateTestKey,
  nowSeconds,
  signHmac,
  signWithKey,
  startJwksServer,
  type JwksServer,
  type NamedToken,
  type TestKey,
} from '../../support/tokens.js';

const expected = TEST_CLAIMS;

async function hmacVerifier(options: { issuer?: string; audience?: string } = expected): Promise<TokenVerifier> {
  return createTokenVerifier(await createKeySource({ mode: 'secret', secret: TEST_SECRET }, 300), {
    issuer: options.issuer,
    audience: options.audience,
    clockToleranceSeconds: 5,
  });
}

async function jwksVerifier(url: string): Promise<TokenVerifier> {
  return createTokenVerifier(await createKeySource({ mode: 'jwks', url: new URL(url) }, 300), { ...expected, clockToleranceSeconds: 5 });
}

async function refusal(verify: TokenVerifier, authorization: string): Promise<GatewayError> {
  try {
    await verify(authorization);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw new Error(`not a GatewayError: ${String(error)}`);
  }
  throw new Error('the token was accepted');
}

describe('verify-token with an HS256 secret', () => {
  let badTokens: NamedToken[] = [];
  beforeAll(async () => {
    badTokens = await badHmacTokens(TEST_SECRET, expected);
  });

  it('treats a missing Authorization header as anonymous', async () => {
    await expect((await hmacVerifier())(undefined)).resolves.toBeUndefined();
  });

  it('treats an empty Authorization header as anonymous', async () => {
    await expect((await hmacVerifier())('  ')).resolves.toBeUndefined();
  });

  it('turns a good token into the principal with its sub and roles', async () => {
    const token = await signHmac(TEST_SECRET, { ...expected, sub: 'u7', roles: ['admin', 'support'] });
    await expect((await hmacVerifier())(`Bearer ${token}`)).resolves.toEqual({ userId: 'u7', roles: ['admin', 'support'] });
  });

  it('gives a token without a roles claim no roles', async () => {
    const token = await signHmac(TEST_SECRET, { ...expected, claims: { roles: undefined } });
    await expect((await hmacVerifier())(`Bearer ${token}`)).resolves.toEqual({ userId: 'u1', roles: [] });
  });

  it('accepts the bearer scheme in any case', async () => {
    const token = await signHmac(TEST_SECRET, expected);
    await expect((await hmacVerifier())(`bearer ${token}`)).resolves.toMatchObject({ userId: 'u1' });
  });

  it('tolerates a few seconds of clock skew on exp', async () => {
    const token = await signHmac(TEST_SECRET, { ...expected, expiresAt: nowSeconds() - 2 });
    await expect((await hmacVerifier())(`Bearer ${token}`)).resolves.toMatchObject({ userId: 'u1' });
  });

  it('accepts any iss and aud when none is configured', async () => {
    const token = await signHmac(TEST_SECRET, { issuer: 'https://elsewhere.example.com', audience: 'other' });
    await expect((await hmacVerifier({}))(`Bearer ${token}`)).resolves.toMatchObject({ userId: 'u1' });
  });

  it('refuses a token without iss when an issuer is configured', async () => {
    const token = await signHmac(TEST_SECRET, { audience: TEST_AUDIENCE });
    expect((await refusal((await hmacVerifier()), `Bearer ${token}`)).code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['another scheme', 'Basic dTE6cGFzc3dvcmQ='],
    ['a bare token without scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['Bearer without a token', 'Bearer '],
    ['a token with spaces inside', 'Bearer abc def'],
  ])('refuses %s with UNAUTHENTICATED', async (_, header) => {
    expect((await refusal((await hmacVerifier()), header)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an oversized Authorization header without parsing it', async () => {
    expect((await refusal((await hmacVerifier()), `Bearer ${'a'.repeat(9000)}`)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses every kind of bad token with UNAUTHENTICATED', async () => {
    expect(badTokens.length).toBeGreaterThan(10);
    for (const { name, token } of badTokens) {
      const error = await refusal((await hmacVerifier()), `Bearer ${token}`);
      expect({ name, code: error.code, extensions: error.extensions }).toEqual({ name, code: 'UNAUTHENTICATED', extensions: {} });
    }
  });

  it("keeps jose's reason in the cause, not in the message", async () => {
    const expired = await signHmac(TEST_SECRET, { ...expected, expiresAt: nowSeconds() - 3600 });
    const error = await refusal((await hmacVerifier()), `Bearer ${expired}`);
    expect(error.message).toBe('Invalid or expired token');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).not.toContain('claim');
  });
});

describe('verify-token with a JWKS', () => {
  const servers: JwksServer[] = [];
  let rsa: TestKey;
  let ec: TestKey;
  let ed: TestKey;
  let badTokens: NamedToken[] = [];

  beforeAll(async () => {
    [rsa, ec, ed] = await Promise.all([generateTestKey('RS256'), generateTestKey('ES256'), generateTestKey('EdDSA')]);
    badTokens = await badKeyTokens(rsa, expected);
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function jwks(keys: TestKey[] = [rsa, ec, ed]): Promise<JwksServer> {
    const server = await startJwksServer(keys);
    servers.push(server);
    return server;
  }

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('accepts a good %s token', async (alg) => {
    const server = await jwks();
    const key = { RS256: rsa, ES256: ec, EdDSA: ed }[alg];
    const token = await signWithKey(key, { ...expected, sub: 'u3', roles: ['admin'] });
    await expect((await jwksVerifier(server.url))(`Bearer ${token}`)).resolves.toEqual({ userId: 'u3', roles: ['admin'] });
  });

  it('refuses every kind of bad token with UNAUTHENTICATED', async () => {
    const server = await jwks();
    const verify = (await jwksVerifier(server.url));
    for (const { name, token } of badTokens) {
      const error = await refusal(verify, `Bearer ${token}`);
      expect({ name, code: error.code }).toEqual({ name, code: 'UNAUTHENTICATED' });
    }
  });

  it('refuses an RS256 token whose kid the JWKS does not have with UNAUTHENTICATED', async () => {
    const server = await jwks([ec]);
    const token = await signWithKey(rsa, expected);
    expect((await refusal((await jwksVerifier(server.url)), `Bearer ${token}`)).code).toBe('UNAUTHENTICATED');
  });

  it('answers UPSTREAM_UNAVAILABLE for jwks when the JWKS server is down', async () => {
    const server = await jwks();
    await server.close();
    const token = await signWithKey(rsa, expected);
    const error = await refusal((await jwksVerifier(server.url)), `Bearer ${token}`);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.extensions).toEqual({ service: 'jwks' });
  });

  it('answers UPSTREAM_UNAVAILABLE for jwks when the JWKS server answers 500', async () => {
    const server = await jwks();
    server.fail(500);
    const token = await signWithKey(rsa, expected);
    const error = await refusal((await jwksVerifier(server.url)), `Bearer ${token}`);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.extensions).toEqual({ service: 'jwks' });
  });

  it('does not leak the JWKS URL in the message', async () => {
    const server = await jwks();
    await server.close();
    const token = await signWithKey(rsa, expected);
    const error = await refusal((await jwksVerifier(server.url)), `Bearer ${token}`);
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('recovers once the JWKS server answers again', async () => {
    const server = await jwks();
    server.fail(503);
    const verify = (await jwksVerifier(server.url));
    const token = await signWithKey(rsa, expected);
    expect((await refusal(verify, `Bearer ${token}`)).code).toBe('UPSTREAM_UNAVAILABLE');
    server.heal();
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ userId: 'u1' });
  });

  it('fetches the JWKS once across many verifications, concurrent ones included', async () => {
    const server = await jwks();
    const verify = (await jwksVerifier(server.url));
    const tokens = await Promise.all([rsa, ec, ed].flatMap((key) => [1, 2, 3, 4].map((n) => signWithKey(key, { ...expected, sub: `u${n}` }))));
    await Promise.all(tokens.map((token) => verify(`Bearer ${token}`)));
    for (const token of tokens) await verify(`Bearer ${token}`);
    expect(server.fetches).toBe(1);
  });

  it('does not fetch the JWKS for a token whose algorithm is outside the allow-list', async () => {
    const server = await jwks();
    const token = await signHmac(TEST_SECRET, expected);
    expect((await refusal((await jwksVerifier(server.url)), `Bearer ${token}`)).code).toBe('UNAUTHENTICATED');
    expect(server.fetches).toBe(0);
  });
});
