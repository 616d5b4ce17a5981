import type { Faults } from '../degradation/simulate.js';
import type { ServiceName } from '../errors/codes.js';
import type { RequestTrace } from '../observability/tracing/request-trace.js';

export type CallOutcome = 'ok' | 'client_error' | 'timeout' | 'unavailable' | 'breaker_open' | 'error';

/** One finished upstream call, for the request log and the metrics. */
export interface UpstreamCallEvent {
  readonly service: ServiceName;
  /** a bounded label such as `GET /users` (no ids) */
  readonly route: string;
  readonly status: number | undefined;
  readonly outcome: CallOutcome;
  readonly durationMs: number;
}

/** What an upstream call needs from the request it serves (per request, never shared). */
export interface CallContext {
  readonly requestId: string;
  readonly userId: string | undefined;
  readonly roles: readonly string[];
  readonly onCall?: (event: UpstreamCallEvent) => void;
  /** performance.now() when the request's budget (Request-Timeout-Ms / REQUEST_TIMEOUT_MS) runs out */
  readonly deadlineAt?: number;
  /** development only: services to fail for this request (Gateway-Simulate) */
  readonly faults?: Faults;
  /** the request's trace while tracing is on: each call gets a client span and a traceparent */
  readonly trace?: RequestTrace | undefined;
}

/** The headers every upstream call carries (CONTRACT: X-Request-Id, and X-User-* when authenticated). */
export function identityHeaders(ctx: CallContext): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': ctx.requestId };
  if (ctx.userId !== undefined) {
    headers['x-user-id'] = ctx.userId;
    headers['x-user-roles'] = ctx.roles.join(',');
  }
  return headers;
}
