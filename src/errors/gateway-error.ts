import type { ErrorCode, ErrorService } from './codes.js';

/** A known failure with a contract code; anything else is reported as INTERNAL_SERVER_ERROR. */
export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const unauthenticated = (message = 'Authentication required') => new GatewayError('UNAUTHENTICATED', message);

export const forbidden = (message = 'Not allowed') => new GatewayError('FORBIDDEN', message);

export const badUserInput = (message: string) => new GatewayError('BAD_USER_INPUT', message);

export const notFound = (service: ErrorService, what: string) =>
  new GatewayError('NOT_FOUND', `${what} not found`, { service });

export const upstreamTimeout = (service: ErrorService, cause?: unknown) =>
  new GatewayError('UPSTREAM_TIMEOUT', `${service} did not answer in time`, { service }, { cause });

export const upstreamUnavailable = (service: ErrorService, cause?: unknown) =>
  new GatewayError('UPSTREAM_UNAVAILABLE', `${service} is unavailable`, { service }, { cause });

export const upstreamError = (service: ErrorService, cause?: unknown) =>
  new GatewayError('UPSTREAM_ERROR', `${service} gave an unusable answer`, { service }, { cause });

export const rateLimited = (retryAfterSeconds: number) =>
  new GatewayError('RATE_LIMITED', 'Too many requests, retry later', { retryAfter: retryAfterSeconds });

export const queryTooComplex = (message: string) => new GatewayError('QUERY_TOO_COMPLEX', message);
