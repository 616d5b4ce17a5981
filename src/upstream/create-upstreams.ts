import type { Logger } from 'pino';
import { SERVICE_NAMES, type ServiceName } from '../errors/codes.js';
import type { Metrics } from '../observability/metrics.js';
import { createBreaker, type Breaker } from './breaker.js';
import { countsAgainstBreaker, isConnectionFailure } from './classify.js';
import { createServiceClient, type ServiceClient } from './service-client.js';

export interface UpstreamSettings {
  readonly urls: Readonly<Record<ServiceName, URL>>;
  readonly timeoutMs: number;
  readonly breakerResetMs: number;
}

/** Consecutive failures that open a breaker: one bad reply is not an outage. */
export const BREAKER_FAILURE_THRESHOLD = 5;
/** Largest JSON body the gateway reads from a service. */
export const MAX_UPSTREAM_BODY_BYTES = 5 * 1024 * 1024;
const CONNECTIONS_PER_SERVICE = 64;

/** One pool, one breaker and one client per service: shared by GraphQL and the passthrough. */
export function createUpstreams(settings: UpstreamSettings, logger: Logger, metrics: Metrics): Record<ServiceName, ServiceClient> {
  const clients = {} as Record<ServiceName, ServiceClient>;
  for (const name of SERVICE_NAMES) {
    const breaker: Breaker = createBreaker({
      resetMs: settings.breakerResetMs,
      failureThreshold: BREAKER_FAILURE_THRESHOLD,
      isFailure: countsAgainstBreaker,
      isRetryable: isConnectionFailure,
      onStateChange: (state) => {
        metrics.breakerState(name, state);
        logger.warn({ service: name, breaker: state }, `breaker for ${name} is ${state}`);
      },
    });
    clients[name] = createServiceClient({
      name,
      baseUrl: settings.urls[name],
      timeoutMs: settings.timeoutMs,
      maxBodyBytes: MAX_UPSTREAM_BODY_BYTES,
      connections: CONNECTIONS_PER_SERVICE,
      breaker,
      observe: metrics.upstreamCall,
    });
  }
  return clients;
}
