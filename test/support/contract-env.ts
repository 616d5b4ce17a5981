/** The variables of CONTRACT.md's configuration table: the only ones a deploy file may set on a gateway. */
export const CONTRACT_VARIABLES: ReadonlySet<string> = new Set([
  'PORT', 'HOST', 'USERS_URL', 'ORDERS_URL', 'CART_URL', 'JWT_SECRET', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'REDIS_URL',
  'UPSTREAM_TIMEOUT_MS', 'BREAKER_RESET_MS', 'PASSTHROUGH_RATE_LIMIT', 'TRUST_PROXY', 'CORS_ORIGINS', 'SHUTDOWN_GRACE_MS',
  'LOG_LEVEL', 'QUERY_MAX_DEPTH', 'QUERY_MAX_ALIASES', 'QUERY_MAX_TOKENS', 'QUERY_MAX_COST', 'NODE_ENV',
]);

/** Each upstream URL variable and the service it names. */
export const UPSTREAM_URL_VARIABLES = { USERS_URL: 'users', ORDERS_URL: 'orders', CART_URL: 'cart' } as const;
