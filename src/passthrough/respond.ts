import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../errors/gateway-error.js';
import { sendJson } from '../server/respond.js';

export const PASSTHROUGH_WINDOW_SECONDS = 60;

export interface Budget {
  readonly limit: number;
  readonly remaining: number;
  readonly resetSeconds: number;
}

/** CONTRACT: every passthrough response carries RateLimit-Policy and RateLimit. */
export function rateLimitHeaders(budget: Budget): Record<string, string> {
  return {
    'ratelimit-policy': `${budget.limit};w=${PASSTHROUGH_WINDOW_SECONDS}`,
    ratelimit: `limit=${budget.limit}, remaining=${Math.max(0, budget.remaining)}, reset=${Math.max(0, Math.ceil(budget.resetSeconds))}`,
  };
}

/** GatewayError → the passthrough's status: 401, 429, 502 unreachable or bad, 503 breaker open, 504 timeout. */
export function statusOf(error: GatewayError, breakerOpen: boolean): number {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    case 'UPSTREAM_TIMEOUT':
      return 504;
    case 'UPSTREAM_UNAVAILABLE':
      return breakerOpen || error.extensions.service === 'jwks' ? 503 : 502;
    case 'UPSTREAM_ERROR':
      return 502;
    case 'BAD_USER_INPUT':
    case 'QUERY_TOO_COMPLEX':
      return 400;
    case 'NOT_FOUND':
      return 404;
    default:
      return 500;
  }
}

/** `{"error", "requestId"}` with the status; the message is the GatewayError's, safe for clients. */
export function sendError(res: ServerResponse, status: number, message: string, requestId: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: message, requestId }, headers);
}
