import { SERVICE_NAMES, type ServiceName } from '../errors/codes.js';
import { LOG_LEVELS, type AuthConfig, type Config, type CorsConfig, type PersistedOperationsConfig, type UpstreamsConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { loadTracing } from './tracing-config.js';
import { bool, httpUrl, nonNegativeInt, oneOf, optional, origins, port, positiveInt, redisUrl } from './parsers.js';

type Env = Readonly<Record<string, string | undefined>>;

const URL_VARS: Readonly<Record<ServiceName, string>> = { users: 'USERS_URL', orders: 'ORDERS_URL', cart: 'CART_URL' };

/**
 * Defaults that let every real query of the schema and GraphiQL's introspection through. The
 * introspection query is the largest: depth 15 (nine `ofType` levels), ~185 tokens, cost ~52 000
 * (see server/limits/query-cost.ts); the dashboard costs ~500 and `orders(limit: 50)` with items ~2 300.
 */
export const DEFAULT_QUERY_LIMITS = { maxDepth: 15, maxAliases: 30, maxTokens: 2000, maxCost: 60_000 } as const;

/**
 * Environment → frozen Config. Throws ConfigError naming the variable on the first bad value.
 */
export function loadConfig(env: Env): Config {
  const production = optional(env, 'NODE_ENV') === 'production';
  const upstreams = loadUpstreams(env, production);
  const auth = loadAuth(env, production);
  const config: Config = {
    production,
    port: port('PORT', optional(env, 'PORT'), 4000),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    upstreams,
    auth,
    jwtIssuer: optional(env, 'JWT_ISSUER'),
    jwtAudience: optional(env, 'JWT_AUDIENCE'),
    redisUrl: mapDefined(optional(env, 'REDIS_URL'), (raw) => redisUrl('REDIS_URL', raw)),
    upstreamTimeoutMs: positiveInt('UPSTREAM_TIMEOUT_MS', optional(env, 'UPSTREAM_TIMEOUT_MS'), 2000, 600_000),
    breakerResetMs: positiveInt('BREAKER_RESET_MS', optional(env, 'BREAKER_RESET_MS'), 10_000, 3_600_000),
    requestTimeoutMs: positiveInt('REQUEST_TIMEOUT_MS', optional(env, 'REQUEST_TIMEOUT_MS'), 10_000, 600_000),
    stale: {
      maxAgeSeconds: nonNegativeInt('STALE_MAX_AGE_S', optional(env, 'STALE_MAX_AGE_S'), 300, 86_400),
      maxEntries: positiveInt('STALE_MAX_ENTRIES', optional(env, 'STALE_MAX_ENTRIES'), 10_000, 10_000_000),
      maxBytes: positiveInt('STALE_MAX_BYTES', optional(env, 'STALE_MAX_BYTES'), 64 * 1024 * 1024, 2 ** 31 - 1),
    },
    passthroughRateLimit: positiveInt('PASSTHROUGH_RATE_LIMIT', optional(env, 'PASSTHROUGH_RATE_LIMIT'), 300),
    trustProxy: bool('TRUST_PROXY', optional(env, 'TRUST_PROXY'), false),
    cors: loadCors(env, production),
    shutdownGraceMs: positiveInt('SHUTDOWN_GRACE_MS', optional(env, 'SHUTDOWN_GRACE_MS'), 10_000, 600_000),
    logLevel: oneOf('LOG_LEVEL', optional(env, 'LOG_LEVEL'), LOG_LEVELS, 'info'),
    queryLimits: {
      maxDepth: positiveInt('QUERY_MAX_DEPTH', optional(env, 'QUERY_MAX_DEPTH'), DEFAULT_QUERY_LIMITS.maxDepth, 1000),
      maxAliases: positiveInt('QUERY_MAX_ALIASES', optional(env, 'QUERY_MAX_ALIASES'), DEFAULT_QUERY_LIMITS.maxAliases, 100_000),
      maxTokens: positiveInt('QUERY_MAX_TOKENS', optional(env, 'QUERY_MAX_TOKENS'), DEFAULT_QUERY_LIMITS.maxTokens, 1_000_000),
      maxCost: positiveInt('QUERY_MAX_COST', optional(env, 'QUERY_MAX_COST'), DEFAULT_QUERY_LIMITS.maxCost, 100_000_000),
    },
    persistedOperations: loadPersistedOperationsConfig(env),
    tracing: loadTracing(env),
  };
  return deepFreeze(config);
}

function loadUpstreams(env: Env, production: boolean): UpstreamsConfig {
  const set = SERVICE_NAMES.filter((name) => optional(env, URL_VARS[name]) !== undefined);
  if (set.length === 0) {
    if (production) throw new ConfigError('USERS_URL, ORDERS_URL and CART_URL are required in production');
    return { mode: 'embedded' };
  }
  const missing = SERVICE_NAMES.filter((name) => !set.includes(name)).map((name) => URL_VARS[name]);
  if (missing.length > 0) {
    throw new ConfigError(`${missing.join(' and ')} must be set too: set all three upstream URLs or none`);
  }
  const urls = {} as Record<ServiceName, URL>;
  for (const name of SERVICE_NAMES) urls[name] = httpUrl(URL_VARS[name], optional(env, URL_VARS[name]) ?? '');
  return { mode: 'remote', urls };
}

function loadAuth(env: Env, production: boolean): AuthConfig {
  const secret = optional(env, 'JWT_SECRET');
  const jwks = optional(env, 'JWKS_URL');
  if (secret !== undefined && jwks !== undefined) {
    throw new ConfigError('JWT_SECRET and JWKS_URL are both set: choose one');
  }
  if (secret !== undefined) {
    if (secret.length < 16) throw new ConfigError('JWT_SECRET must be at least 16 characters long');
    return { mode: 'secret', secret };
  }
  if (jwks !== undefined) return { mode: 'jwks', url: httpUrl('JWKS_URL', jwks) };
  if (production) throw new ConfigError('JWT_SECRET or JWKS_URL is required in production');
  return { mode: 'demo' };
}

function loadPersistedOperationsConfig(env: Env): PersistedOperationsConfig {
  const file = optional(env, 'PERSISTED_OPERATIONS_FILE');
  const only = bool('PERSISTED_OPERATIONS_ONLY', optional(env, 'PERSISTED_OPERATIONS_ONLY'), false);
  if (only && file === undefined) throw new ConfigError('PERSISTED_OPERATIONS_ONLY=true needs PERSISTED_OPERATIONS_FILE (the operations it allows)');
  return { file, only };
}

function loadCors(env: Env, production: boolean): CorsConfig {
  const raw = optional(env, 'CORS_ORIGINS');
  if (raw === undefined) return production ? { mode: 'list', origins: [] } : { mode: 'any' };
  const list = origins('CORS_ORIGINS', raw);
  return list.includes('*') ? { mode: 'any' } : { mode: 'list', origins: list };
}

function mapDefined<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
