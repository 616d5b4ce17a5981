import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** A JWT_SECRET long enough for loadConfig (16+ characters). */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghij';
/** The issuer and audience the auth tests configure and sign with. */
export const TEST_ISSUER = 'https://auth.example.com/';
export const TEST_AUDIENCE = 'gateway';
/** The issuer and audience every test verifier expects and every test token carries. */
export const TEST_CLAIMS = { issuer: TEST_ISSUER, audience: TEST_AUDIENCE };

export type KeyAlg = 'RS256' | 'ES256' | 'EdDSA';

/** What goes into a test token; everything left out gets a sensible default. */
export interface TokenOptions {
  /** default 'u1'; null leaves `sub` out */
  readonly sub?: string | null;
  readonly roles?: readonly string[];
  readonly issuer?: string;
  readonly audience?: string;
  /** seconds since the epoch; default an hour from now; null leaves `exp` out */
  readonly expiresAt?: number | null;
  /** seconds since the epoch */
  readonly notBefore?: number;
  /** extra or overriding claims, e.g. `{ roles: 'admin' }` */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** A generated key pair with its public JWK (kid and alg set) as a JWKS would publish it. */
export interface TestKey {
  readonly alg: KeyAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** SPKI PEM of the public key: what an alg-confusion attacker would use as an HMAC secret */
  readonly publicPem: string;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function jwtOf(options: TokenOptions): SignJWT {
  const payload: Record<string, unknown> = { roles: [...(options.roles ?? [])], ...options.claims };
  let jwt = new SignJWT(payload).setIssuedAt();
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? 'u1');
  if (options.expiresAt !== null) jwt = jwt.setExpirationTime(options.expiresAt ?? nowSeconds() + 3600);
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt;
}

/** An HMAC-signed token (HS256 unless told otherwise). */
export function signHmac(secret: string | Uint8Array, options: TokenOptions = {}, alg: 'HS256' | 'HS384' | 'HS512' = 'HS256'): Promise<string> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return jwtOf(options).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

export async function generateTestKey(alg: KeyAlg, kid = `${alg.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}`): Promise<TestKey> {
  const { privateKey, publicKey } =
    alg === 'EdDSA' ? await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true }) : await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

/** A token signed with the key; `header.kid` overrides the key's own kid. */
export function signWithKey(key: TestKey, options: TokenOptions = {}, header: { kid?: string } = {}): Promise<string> {
  return jwtOf(options)
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: header.kid ?? key.kid })
    .sign(key.privateKey);
}

/** An unsigned `alg: none` token: header and payload, empty signature. */
export function unsignedToken(options: TokenOptions = {}): string {
  const now = nowSeconds();
  const payload: Record<string, unknown> = { sub: options.sub ?? 'u1', roles: [...(options.roles ?? [])], iat: now, exp: now + 3600 };
  if (options.issuer !== undefined) payload.iss = options.issuer;
  if (options.audience !== undefined) payload.aud = options.audience;
  return `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson({ ...payload, ...options.claims })}.`;
}

/** The token with its payload swapped for `claims` merged in, the original signature kept. */
export function tamperPayload(token: string, claims: Readonly<Record<string, unknown>>): string {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) throw new Error('not a compact JWS');
  const decoded: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
  if (typeof decoded !== 'object' || decoded === null) throw new Error('payload is not an object');
  return `${header}.${encodeJson({ ...decoded, ...claims })}.${signature}`;
}

/** The token with one character of its signature changed. */
export function breakSignature(token: string): string {
  const cut = token.lastIndexOf('.');
  const signature = token.slice(cut + 1);
  const first = signature[0] === 'A' ? 'B' : 'A';
  return `${token.slice(0, cut + 1)}${first}${signature.slice(1)}`;
}

/** RS/HS confusion: HS256 signed with the RSA public key's PEM as the HMAC secret, the key's kid kept. */
export function hmacWithPublicKey(key: TestKey, options: TokenOptions = {}): Promise<string> {
  return jwtOf(options)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .sign(new TextEncoder().encode(key.publicPem));
}

function encodeJson(value: unknown): string {
  return base64url.encode(new TextEncoder().encode(JSON.stringify(value)));
}

export interface NamedToken {
  readonly name: string;
  readonly token: string;
}

/**
 * Every kind of bad HS256 token the contract refuses, for a gateway expecting `secret`, `issuer`
 * and `audience` (pass the same ones the gateway is configured with).
 */
export async function badHmacTokens(secret: string, expected: { issuer: string; audience: string }): Promise<NamedToken[]> {
  const base = { issuer: expected.issuer, audience: expected.audience };
  const now = nowSeconds();
  const good = await signHmac(secret, base);
  return [
    { name: 'expired', token: await signHmac(secret, { ...base, expiresAt: now - 3600 }) },
    { name: 'not yet valid (nbf in the future)', token: await signHmac(secret, { ...base, notBefore: now + 3600 }) },
    { name: 'without exp', token: await signHmac(secret, { ...base, expiresAt: null }) },
    { name: 'without sub', token: await signHmac(secret, { ...base, sub: null }) },
    { name: 'with the wrong issuer', token: await signHmac(secret, { ...base, issuer: 'https://evil.example.com' }) },
    { name: 'with the wrong audience', token: await signHmac(secret, { ...base, audience: 'someone-else' }) },
    { name: 'with alg none', token: unsignedToken(base) },
    { name: 'with a bad signature', token: breakSignature(good) },
    { name: 'signed with another secret', token: await signHmac('another-secret-0123456789abcdef', base) },
    { name: 'with a tampered payload', token: tamperPayload(good, { sub: 'u2', roles: ['admin'] }) },
    { name: 'signed with HS384 (outside the allow-list)', token: await signHmac(secret, base, 'HS384') },
    { name: 'with roles that are not an array of strings', token: await signHmac(secret, { ...base, claims: { roles: 'admin' } }) },
    { name: 'that is not a JWT at all', token: 'not-a-jwt' },
  ];
}

/** Every kind of bad token for a gateway whose JWKS publishes `key` (an RS256 key). */
export async function badKeyTokens(key: TestKey, expected: { issuer: string; audience: string }): Promise<NamedToken[]> {
  const base = { issuer: expected.issuer, audience: expected.audience };
  const now = nowSeconds();
  const good = await signWithKey(key, base);
  const impostor = await generateTestKey(key.alg, key.kid);
  const unknown = await generateTestKey(key.alg);
  return [
    { name: 'expired', token: await signWithKey(key, { ...base, expiresAt: now - 3600 }) },
    { name: 'not yet valid (nbf in the future)', token: await signWithKey(key, { ...base, notBefore: now + 3600 }) },
    { name: 'without exp', token: await signWithKey(key, { ...base, expiresAt: null }) },
    { name: 'without sub', token: await signWithKey(key, { ...base, sub: null }) },
    { name: 'with the wrong issuer', token: await signWithKey(key, { ...base, issuer: 'https://evil.example.com' }) },
    { name: 'with the wrong audience', token: await signWithKey(key, { ...base, audience: 'someone-else' }) },
    { name: 'with alg none', token: unsignedToken(base) },
    { name: 'with a bad signature', token: breakSignature(good) },
    { name: 'signed by another key under the same kid', token: await signWithKey(impostor, base) },
    { name: 'with a tampered payload', token: tamperPayload(good, { sub: 'u2', roles: ['admin'] }) },
    { name: 'HS256-signed with the RSA public key (alg confusion)', token: await hmacWithPublicKey(key, base) },
    { name: 'with an unknown kid', token: await signWithKey(unknown, base) },
  ];
}

/** A JWKS endpoint on 127.0.0.1:0 that counts its fetches and can fail or go away. */
export interface JwksServer {
  readonly url: string;
  /** how many times the JWKS was requested */
  readonly fetches: number;
  /** answer `status` (default 500) from now on */
  fail(status?: number): void;
  heal(): void;
  /** stop listening: fetches get "connection refused" */
  close(): Promise<void>;
}

export async function startJwksServer(keys: readonly (TestKey | JWK)[]): Promise<JwksServer> {
  const jwks = { keys: keys.map((key) => ('publicJwk' in key ? key.publicJwk : key)) };
  let fetches = 0;
  let failing: number | undefined;
  const server: Server = createServer((req, res) => {
    fetches += 1;
    const [status, body] = failing === undefined ? [200, JSON.stringify(jwks)] : [failing, JSON.stringify({ error: 'jwks broken' })];
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    fail: (status = 500) => {
      failing = status;
    },
    heal: () => {
      failing = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
