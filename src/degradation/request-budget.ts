/** The request header a client sets its budget with, and the one each upstream call carries. */
export const REQUEST_TIMEOUT_HEADER = 'request-timeout-ms';

/** A call that would start with less than this left is not made: it could not finish. */
export const MIN_CALL_MS = 10;

/**
 * The request's budget in ms: the client's `Request-Timeout-Ms` capped by REQUEST_TIMEOUT_MS,
 * or REQUEST_TIMEOUT_MS when it sent none or something that is not a positive integer.
 */
export function requestBudgetMs(raw: string | null, capMs: number): number {
  if (raw === null) return capMs;
  const ms = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  return ms >= 1 && ms < capMs ? ms : capMs;
}

/** One call's deadline: UPSTREAM_TIMEOUT_MS, or less when the request's budget ends sooner. */
export function callDeadlineMs(timeoutMs: number, remainingMs: number): number {
  return remainingMs < timeoutMs ? Math.floor(remainingMs) : timeoutMs;
}
