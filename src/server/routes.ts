import type { ServerResponse } from 'node:http';
import { SERVICE_NAMES, type ServiceName } from '../errors/codes.js';
import type { Metrics } from '../observability/metrics.js';
import type { Breaker, BreakerState } from '../upstream/breaker.js';
import type { Lifecycle } from './lifecycle.js';
import { sendJson } from './respond.js';

export interface Readiness {
  readonly status: 'ready' | 'not-ready';
  readonly upstreams: Record<ServiceName, { breaker: BreakerState }>;
}

/** Not ready while starting or draining, or when every upstream's breaker is open. */
export function readiness(lifecycle: Lifecycle, breakers: Readonly<Record<ServiceName, Breaker>>): Readiness {
  const upstreams = {} as Record<ServiceName, { breaker: BreakerState }>;
  for (const name of SERVICE_NAMES) upstreams[name] = { breaker: breakers[name].state() };
  const allOpen = SERVICE_NAMES.every((name) => upstreams[name].breaker === 'open');
  const ready = lifecycle.phase() === 'serving' && !allOpen;
  return { status: ready ? 'ready' : 'not-ready', upstreams };
}

export function createRoutes(deps: { lifecycle: Lifecycle; breakers: Readonly<Record<ServiceName, Breaker>>; metrics: Metrics }) {
  return {
    healthz(res: ServerResponse): void {
      sendJson(res, 200, { status: 'ok' });
    },
    readyz(res: ServerResponse): void {
      const body = readiness(deps.lifecycle, deps.breakers);
      sendJson(res, body.status === 'ready' ? 200 : 503, body);
    },
    async metrics(res: ServerResponse): Promise<void> {
      const text = await deps.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
    },
  };
}

export type Routes = ReturnType<typeof createRoutes>;
