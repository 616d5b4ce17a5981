import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig } from '../config/config.js';
import { CORS_MAX_AGE_SECONDS, corsOriginRule } from '../server/cors-origin.js';

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const EXPOSED = 'x-request-id, ratelimit, ratelimit-policy, retry-after, gateway-degraded';

/**
 * CORS for the passthrough, by the same CORS_ORIGINS rule as /graphql: `*` answers any origin, a
 * list only its own origins; anything else gets no CORS header, so browsers refuse the answer.
 */
export function createPassthroughCors(cors: CorsConfig) {
  const allowed = corsOriginRule(cors);
  return {
    /** Puts the CORS headers on the response; answers a preflight itself and returns true. */
    apply(req: IncomingMessage, res: ServerResponse): boolean {
      const origin = allowed(req.headers.origin);
      if (origin !== undefined) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-expose-headers', EXPOSED);
      }
      if (cors.mode === 'list') res.setHeader('vary', 'Origin');
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (!preflight) return false;
      if (origin !== undefined) {
        res.setHeader('access-control-allow-methods', METHODS);
        res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'authorization, content-type');
        res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
      }
      res.writeHead(204);
      res.end();
      return true;
    },
  };
}
