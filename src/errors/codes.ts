/** The error codes of CONTRACT.md: the code is the API, the message may change. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Service names, spelled the same everywhere: extensions.service, /readyz, metrics, logs. */
export const SERVICE_NAMES = ['users', 'orders', 'cart'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type ErrorService = ServiceName | 'jwks';
