import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceName } from '../errors/codes.js';
import type { BreakerState } from '../upstream/breaker.js';
import type { UpstreamCallEvent } from '../upstream/call-context.js';
import { HotCounter, HotHistogram } from './hot-series.js';

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

/** Prometheus metrics on a registry of their own (no global state). Every label value is bounded. */
export interface Metrics {
  readonly registry: Registry;
  httpRequest(route: string, status: number, seconds: number): void;
  /** `operation` must already be bounded (see operationLabel) */
  graphqlOperation(operation: string, outcome: 'ok' | 'partial' | 'error', seconds: number): void;
  upstreamCall(event: UpstreamCallEvent): void;
  breakerState(service: ServiceName, state: BreakerState): void;
  rateLimited(field: string): void;
  rateLimitStoreFailure(): void;
  /** a field served from last good data instead of failing */
  staleServed(service: ServiceName): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // prom-client's names already start with process_ or nodejs_: gateway_process_cpu_seconds_total, gateway_nodejs_heap_size_used_bytes
  collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  // per request: counted by hot-series (prom-client's own classes hash a label object per observation)
  const httpRequests = new HotCounter('gateway_http_requests_total', 'HTTP requests by route and status', ['route', 'status'], registry);
  const httpDuration = new HotHistogram('gateway_http_request_duration_seconds', 'HTTP request latency by route', ['route'], buckets, registry);
  const operations = new HotCounter('gateway_graphql_operations_total', 'GraphQL operations by operation and outcome', ['operation', 'outcome'], registry);
  const operationDuration = new HotHistogram('gateway_graphql_operation_duration_seconds', 'GraphQL operation latency', ['operation', 'outcome'], buckets, registry);
  const upstreamCalls = new HotCounter('gateway_upstream_requests_total', 'Upstream calls by service, route and outcome', ['service', 'route', 'outcome'], registry);
  const upstreamDuration = new HotHistogram('gateway_upstream_request_duration_seconds', 'Upstream call latency', ['service', 'outcome'], buckets, registry);
  const breakers = new Gauge({ name: 'gateway_breaker_state', help: 'Circuit breaker state per service: 0 closed, 1 half-open, 2 open', labelNames: ['service'], registers: [registry] });
  const rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused by a rate limit, by field', labelNames: ['field'], registers: [registry] });
  const storeFailures = new Counter({ name: 'gateway_rate_limit_store_failures_total', help: 'Rate-limit checks answered locally because the shared store failed', registers: [registry] });
  const staleServed = new Counter({ name: 'gateway_stale_served_total', help: 'Fields served from last good data because their service failed, by service', labelNames: ['service'], registers: [registry] });
  for (const service of ['users', 'orders', 'cart'] as const) breakers.set({ service }, 0);
  return {
    registry,
    httpRequest: (route, status, seconds) => {
      httpRequests.labels(route, status).inc();
      httpDuration.labels(route).observe(seconds);
    },
    graphqlOperation: (operation, outcome, seconds) => {
      operations.labels(operation, outcome).inc();
      operationDuration.labels(operation, outcome).observe(seconds);
    },
    upstreamCall: ({ service, route, outcome, durationMs }) => {
      upstreamCalls.labels(service, route, outcome).inc();
      upstreamDuration.labels(service, outcome).observe(durationMs / 1000);
    },
    breakerState: (service, state) => breakers.set({ service }, BREAKER_VALUE[state]),
    rateLimited: (field) => rateLimited.inc({ field }),
    rateLimitStoreFailure: () => storeFailures.inc(),
    staleServed: (service) => staleServed.inc({ service }),
  };
}
