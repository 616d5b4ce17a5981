import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceName } from '../errors/codes.js';
import type { BreakerState } from '../upstream/breaker.js';
import type { UpstreamCallEvent } from '../upstream/call-context.js';

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
  const httpRequests = new Counter({ name: 'gateway_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({ name: 'gateway_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['route'], buckets, registers: [registry] });
  const operations = new Counter({ name: 'gateway_graphql_operations_total', help: 'GraphQL operations by operation and outcome', labelNames: ['operation', 'outcome'], registers: [registry] });
  const operationDuration = new Histogram({ name: 'gateway_graphql_operation_duration_seconds', help: 'GraphQL operation latency', labelNames: ['operation', 'outcome'], buckets, registers: [registry] });
  const upstreamCalls = new Counter({ name: 'gateway_upstream_requests_total', help: 'Upstream calls by service, route and outcome', labelNames: ['service', 'route', 'outcome'], registers: [registry] });
  const upstreamDuration = new Histogram({ name: 'gateway_upstream_request_duration_seconds', help: 'Upstream call latency', labelNames: ['service', 'outcome'], buckets, registers: [registry] });
  const breakers = new Gauge({ name: 'gateway_breaker_state', help: 'Circuit breaker state per service: 0 closed, 1 half-open, 2 open', labelNames: ['service'], registers: [registry] });
  const rateLimited = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused by a rate limit, by field', labelNames: ['field'], registers: [registry] });
  const storeFailures = new Counter({ name: 'gateway_rate_limit_store_failures_total', help: 'Rate-limit checks answered locally because the shared store failed', registers: [registry] });
  const staleServed = new Counter({ name: 'gateway_stale_served_total', help: 'Fields served from last good data because their service failed, by service', labelNames: ['service'], registers: [registry] });
  for (const service of ['users', 'orders', 'cart'] as const) breakers.set({ service }, 0);
  // Hot path: look label children up once per label set (the sets are bounded) instead of
  // hashing label objects on every observation.
  const httpChildren = memo<LabelChildren>();
  const operationChildren = memo<LabelChildren>();
  const upstreamChildren = memo<LabelChildren>();

  return {
    registry,
    httpRequest: (route, status, seconds) => {
      const child = httpChildren(`${route}\u0000${status}`, () => ({
        count: httpRequests.labels(route, String(status)),
        duration: httpDuration.labels(route),
      }));
      child.count.inc();
      child.duration.observe(seconds);
    },
    graphqlOperation: (operation, outcome, seconds) => {
      const child = operationChildren(`${operation}\u0000${outcome}`, () => ({
        count: operations.labels(operation, outcome),
        duration: operationDuration.labels(operation, outcome),
      }));
      child.count.inc();
      child.duration.observe(seconds);
    },
    upstreamCall: ({ service, route, outcome, durationMs }) => {
      const child = upstreamChildren(`${service}\u0000${route}\u0000${outcome}`, () => ({
        count: upstreamCalls.labels(service, route, outcome),
        duration: upstreamDuration.labels(service, outcome),
      }));
      child.count.inc();
      child.duration.observe(durationMs / 1000);
    },
    breakerState: (service, state) => breakers.set({ service }, BREAKER_VALUE[state]),
    rateLimited: (field) => rateLimited.inc({ field }),
    rateLimitStoreFailure: () => storeFailures.inc(),
    staleServed: (service) => staleServed.inc({ service }),
  };
}

/** A counter's and a histogram's children for one label set. */
interface LabelChildren {
  readonly count: Counter.Internal;
  readonly duration: Histogram.Internal<string>;
}

function memo<T>(): (key: string, make: () => T) => T {
  const cache = new Map<string, T>();
  return (key, make) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make()));
    return value;
  };
}
