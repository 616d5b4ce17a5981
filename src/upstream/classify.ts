import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import type { ErrorService } from '../errors/codes.js';
import type { CallOutcome } from './call-context.js';
import {
  GatewayError,
  upstreamError,
  upstreamTimeout,
  upstreamUnavailable,
} from '../errors/gateway-error.js';
import { DeadlineExceeded, UnreadableBody, UpstreamStatusFailure } from './failures.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const own = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return own ?? (error.cause === undefined ? undefined : codeOf(error.cause));
}

/** Refused, reset, unreachable: nothing useful came back. */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && CONNECTION_CODES.has(code);
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** undici's own headers/body timeouts: what classify() reports as UPSTREAM_TIMEOUT besides the deadline. */
function isUndiciTimeout(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && TIMEOUT_CODES.has(code);
}

/** What the contract lets a breaker count: timeouts, connection failures, 5xx, unreadable bodies. */
export function countsAgainstBreaker(error: unknown): boolean {
  return (
    error instanceof DeadlineExceeded ||
    isUndiciTimeout(error) ||
    error instanceof UpstreamStatusFailure ||
    error instanceof UnreadableBody ||
    isConnectionFailure(error)
  );
}

export function isBreakerOpen(error: unknown): boolean {
  return error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError;
}

/**
 * Any failure of an upstream call → the contract's GatewayError. `deadline` is the call's
 * signal: once it has fired, whatever undici reported (abort, reset) is a timeout.
 */
export function classify(service: ErrorService, error: unknown, deadline?: { readonly aborted: boolean }): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof DeadlineExceeded || deadline?.aborted === true) return upstreamTimeout(service, error);
  if (isBreakerOpen(error) || isConnectionFailure(error)) return upstreamUnavailable(service, error);
  if (error instanceof UpstreamStatusFailure || error instanceof UnreadableBody) return upstreamError(service, error);
  if (isUndiciTimeout(error)) return upstreamTimeout(service, error);
  return upstreamError(service, error);
}

/** The outcome label of a failed call, for logs and metrics. */
export function outcomeOf(failure: GatewayError): CallOutcome {
  if (isBreakerOpen(failure.cause)) return 'breaker_open';
  if (failure.code === 'UPSTREAM_TIMEOUT') return 'timeout';
  if (failure.code === 'UPSTREAM_UNAVAILABLE') return 'unavailable';
  return 'error';
}
