import type { CorsConfig } from '../config/config.js';

/** How long a browser may cache a preflight answer, on /graphql and the passthrough alike. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * CORS_ORIGINS applied to a caller's Origin, for /graphql and the passthrough: `*` answers any
 * origin, a list only its own (echoed back); anything else, or no Origin, gets undefined: no CORS
 * header at all (not `null`, which a sandboxed page's "null" origin would match).
 */
export function corsOriginRule(cors: CorsConfig): (origin: string | null | undefined) => string | undefined {
  if (cors.mode === 'any') return (origin) => (origin == null ? undefined : '*');
  const listed = new Set(cors.origins);
  return (origin) => (origin != null && listed.has(origin) ? origin : undefined);
}
