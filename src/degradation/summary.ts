import type { GraphQLError } from 'graphql';
import { SERVICE_NAMES, type ErrorCode, type ServiceName } from '../errors/codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { StaleField } from './last-good.js';

/** One service that failed in a response (`stale`: some of its data was served from last good data). */
export interface DegradedService {
  readonly service: ServiceName;
  readonly code: ErrorCode;
  readonly stale: boolean;
}

export const DEGRADED_HEADER = 'gateway-degraded';

/** The codes of a service that failed (not NOT_FOUND or FORBIDDEN: those are answers). */
const UPSTREAM_CODES: ReadonlyMap<string, ErrorCode> = new Map(
  (['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR'] as const).map((code) => [code, code]),
);

/**
 * The services that failed in a result, one entry each (the first failure's code), from its
 * errors and its stale fields; undefined for a healthy result (the common case allocates nothing).
 */
export function summarize(errors: readonly GraphQLError[] | undefined, stale: readonly StaleField[] | undefined): DegradedService[] | undefined {
  let degraded: DegradedService[] | undefined;
  for (const field of stale ?? []) {
    if (degraded?.some((entry) => entry.service === field.service) === true) continue;
    (degraded ??= []).push({ service: field.service, code: field.code, stale: true });
  }
  for (const error of errors ?? []) {
    const failure = upstreamFailureOf(error);
    if (failure === undefined || degraded?.some((entry) => entry.service === failure.service) === true) continue;
    (degraded ??= []).push({ ...failure, stale: false });
  }
  return degraded;
}

/** `cart;code=UPSTREAM_TIMEOUT;stale, orders;code=UPSTREAM_UNAVAILABLE` */
export function degradedHeader(degraded: readonly DegradedService[]): string {
  return degraded.map(({ service, code, stale }) => `${service};code=${code}${stale ? ';stale' : ''}`).join(', ');
}

/** The service and code of an error that is an upstream failure (raw, or already masked). */
function upstreamFailureOf(error: GraphQLError): { service: ServiceName; code: ErrorCode } | undefined {
  const original = error.originalError;
  const source = original instanceof GatewayError ? { code: original.code, ...original.extensions } : error.extensions;
  const code = typeof source.code === 'string' ? UPSTREAM_CODES.get(source.code) : undefined;
  const service = SERVICE_NAMES.find((name) => name === source.service);
  return code === undefined || service === undefined ? undefined : { service, code };
}
