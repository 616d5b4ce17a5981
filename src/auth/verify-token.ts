import { jwtVerify, type JWTPayload } from 'jose';
import { GatewayError, unauthenticated } from '../errors/gateway-error.js';
import type { RequestTrace } from '../observability/tracing/request-trace.js';
import type { KeySource } from './key-source.js';
import type { Principal } from './principal.js';
import type { TokenCache } from './token-cache.js';

export interface VerifyOptions {
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  /** seconds of clock skew tolerated on exp/nbf */
  readonly clockToleranceSeconds: number;
  /** verified tokens remembered until their exp (shared by every request) */
  readonly cache?: TokenCache;
}

/** Authorization header → Principal (undefined when anonymous); shared, stateless per request. */
export type TokenVerifier = (authorization: string | undefined, trace?: RequestTrace) => Promise<Principal | undefined>;

const MAX_TOKEN_LENGTH = 8192;
const BEARER = /^Bearer +([A-Za-z0-9_\-.=]+) *$/i;

/**
 * Throws GatewayError UNAUTHENTICATED for any bad token, UPSTREAM_UNAVAILABLE (service jwks)
 * when the JWKS cannot be fetched.
 */
export function createTokenVerifier(source: KeySource, options: VerifyOptions): TokenVerifier {
  const verifyOptions = {
    algorithms: [...source.algorithms],
    requiredClaims: ['exp', 'sub'],
    clockTolerance: options.clockToleranceSeconds,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  };
  // jose's overloads take a key or a key getter, not their union: choose once, at start-up
  const { key, traced } = source;
  const verifyJwt =
    typeof key === 'function'
      ? (jwt: string, trace: RequestTrace | undefined) =>
          jwtVerify(jwt, traced !== undefined && trace?.recording === true ? traced(trace) : key, verifyOptions)
      : (jwt: string) => jwtVerify(jwt, key, verifyOptions);
  return async (authorization, trace) => {
    if (authorization === undefined || authorization.trim() === '') return undefined;
    const match = authorization.length <= MAX_TOKEN_LENGTH ? BEARER.exec(authorization) : null;
    const token = match?.[1];
    if (token === undefined) throw unauthenticated('Authorization must be a Bearer token');
    const cached = options.cache?.get(token);
    if (cached !== undefined) return cached;
    let payload: JWTPayload;
    try {
      payload = (await verifyJwt(token, trace)).payload;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError('UNAUTHENTICATED', 'Invalid or expired token', {}, { cause: error });
    }
    const principal = toPrincipal(payload);
    // jose required exp, so it is a number here
    if (typeof payload.exp === 'number') options.cache?.set(token, principal, payload.exp);
    return principal;
  };
}

/** Claims → Principal; `sub` must be a non-empty string and `roles`, when present, an array of strings. */
export function toPrincipal(payload: JWTPayload): Principal {
  const { sub, roles } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) throw unauthenticated('Token has no usable subject');
  if (roles === undefined) return { userId: sub, roles: [] };
  if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) {
    throw unauthenticated('Token roles must be an array of strings');
  }
  return { userId: sub, roles };
}
