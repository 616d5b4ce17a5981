import type { RequestTrace } from '../observability/tracing/request-trace.js';
import type { UpstreamCallEvent } from '../upstream/call-context.js';

/** What the HTTP layer knows of one request, shared with Yoga as its server context. */
export interface RequestState {
  readonly requestId: string;
  readonly clientIp: string;
  readonly startedAt: number;
  readonly upstreamCalls: UpstreamCallEvent[];
  /** the request's trace, while tracing is on (undefined when off, and for the probes) */
  readonly trace: RequestTrace | undefined;
  userId: string | undefined;
  /** client-chosen: for logs only, never a metric label */
  operationName: string | undefined;
  /** bounded by the schema: safe as a metric label */
  operationLabel: string | undefined;
  /** the Gateway-Degraded header of a GraphQL response in which a service failed or was served stale */
  degradedHeader: string | undefined;
}

export interface ServerContext {
  readonly state: RequestState;
}
