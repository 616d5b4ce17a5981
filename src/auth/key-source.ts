import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/config.js';
import { upstreamUnavailable } from '../errors/gateway-error.js';
import type { RequestTrace } from '../observability/tracing/request-trace.js';
import { createJwksTracing } from './traced-jwks.js';

/** What verifies signatures: an HMAC key, or a remote JWKS resolver (fetched once, then cached by jose). */
export interface KeySource {
  readonly key: CryptoKey | JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  /** JWKS only: the key getter of a sampled request, its JWKS fetches as spans of that request */
  readonly traced?: (trace: RequestTrace) => JWTVerifyGetKey;
}

export const HMAC_ALGORITHMS = ['HS256'] as const;
export const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** Failures of the JWKS lookup that are a verdict on the token (401), not on the JWKS (503). */
const TOKEN_VERDICTS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/** Built once at startup: the HMAC key is imported here, not on every verification. */
export async function createKeySource(auth: Exclude<AuthConfig, { mode: 'demo' }>, timeoutMs: number): Promise<KeySource> {
  if (auth.mode === 'secret') {
    const raw = new TextEncoder().encode(auth.secret);
    const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return { key, algorithms: HMAC_ALGORITHMS };
  }
  const tracing = createJwksTracing(() => remote, (header, token) => key(header, token));
  const remote = createRemoteJWKSet(auth.url, {
    timeoutDuration: Math.min(timeoutMs, 5000),
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
    [customFetch]: tracing.fetch,
  });
  const key: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (TOKEN_VERDICTS.some((verdict) => error instanceof verdict)) throw error;
      // The gateway cannot tell a good token from a bad one: 503, not 401.
      throw upstreamUnavailable('jwks', error);
    }
  };
  return { key, algorithms: JWKS_ALGORITHMS, traced: tracing.traced };
}
