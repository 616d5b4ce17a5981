import { GatewayError } from '../errors/gateway-error.js';
import { UnreadableBody, UpstreamStatusFailure } from '../upstream/failures.js';

/**
 * Failures last good data may stand in for: the service did not answer (timeout, connection,
 * open breaker) or answered unusably (5xx, unreadable body). A 4xx is an answer: never replaced.
 */
export function servesStale(error: unknown): error is GatewayError {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_UNAVAILABLE') return true;
  return error.code === 'UPSTREAM_ERROR' && (error.cause instanceof UpstreamStatusFailure || error.cause instanceof UnreadableBody);
}
