import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../../support/config-error.js';
import { DEFAULT_QUERY_LIMITS, loadConfig } from '../../../src/config/load-config.js';

const URLS = { USERS_URL: 'http://users:8080', ORDERS_URL: 'http://orders:8080', CART_URL: 'http://cart:8080' } as const;
const SECRET = 'a-secret-of-at-least-16-chars';

const errorOf = (env: Record<string, string>): string => configErrorOf(() => loadConfig(env));

describe('loadConfig defaults', () => {
  it('applies the contract defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 4000,
      host: '0.0.0.0',
      upstreams: { mode: 'embedded' },
      auth: { mode: 'demo' },
      jwtIssuer: undefined,
      jwtAudience: undefined,
      redisUrl: undefined,
      upstreamTimeoutMs: 2000,
      breakerResetMs: 10_000,
      passthroughRateLimit: 300,
      trustProxy: false,
      cors: { mode: 'any' },
      shutdownGraceMs: 10_000,
      logLevel: 'info',
      queryLimits: DEFAULT_QUERY_LIMITS,
      requestTimeoutMs: 10_000,
      stale: { maxAgeSeconds: 300, maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 },
    });
  });

  it('turns last good data off with STALE_MAX_AGE_S=0', () => {
    expect(loadConfig({ STALE_MAX_AGE_S: '0' }).stale.maxAgeSeconds).toBe(0);
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ PORT: '  ', UPSTREAM_TIMEOUT_MS: '', JWT_SECRET: ' ' });
    expect(config.port).toBe(4000);
    expect(config.upstreamTimeoutMs).toBe(2000);
    expect(config.auth).toEqual({ mode: 'demo' });
  });

  it('returns a frozen config', () => {
    const config = loadConfig({ ...URLS, JWT_SECRET: SECRET });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.upstreams)).toBe(true);
    expect(Object.isFrozen(config.queryLimits)).toBe(true);
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      ...URLS,
      PORT: '8080',
      HOST: '127.0.0.1',
      JWKS_URL: 'https://auth.example.com/.well-known/jwks.json',
      JWT_ISSUER: 'https://auth.example.com/',
      JWT_AUDIENCE: 'gateway',
      REDIS_URL: 'redis://redis:6379',
      UPSTREAM_TIMEOUT_MS: '250',
      BREAKER_RESET_MS: '500',
      PASSTHROUGH_RATE_LIMIT: '20',
      TRUST_PROXY: 'true',
      SHUTDOWN_GRACE_MS: '3000',
      LOG_LEVEL: 'debug',
      QUERY_MAX_DEPTH: '7',
      REQUEST_TIMEOUT_MS: '4000',
      STALE_MAX_AGE_S: '60',
      STALE_MAX_ENTRIES: '100',
      STALE_MAX_BYTES: '100000',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      jwtIssuer: 'https://auth.example.com/',
      jwtAudience: 'gateway',
      upstreamTimeoutMs: 250,
      breakerResetMs: 500,
      passthroughRateLimit: 20,
      trustProxy: true,
      shutdownGraceMs: 3000,
      logLevel: 'debug',
      queryLimits: { ...DEFAULT_QUERY_LIMITS, maxDepth: 7 },
      requestTimeoutMs: 4000,
      stale: { maxAgeSeconds: 60, maxEntries: 100, maxBytes: 100_000 },
    });
    expect(config.auth.mode === 'jwks' && config.auth.url.href).toBe('https://auth.example.com/.well-known/jwks.json');
    expect(config.redisUrl?.href).toBe('redis://redis:6379');
  });
});

describe('loadConfig upstream URLs', () => {
  it('uses all three upstream URLs when they are set', () => {
    const config = loadConfig(URLS);
    expect(config.upstreams.mode).toBe('remote');
    if (config.upstreams.mode !== 'remote') return;
    expect(config.upstreams.urls.users.href).toBe('http://users:8080/');
    expect(config.upstreams.urls.orders.href).toBe('http://orders:8080/');
    expect(config.upstreams.urls.cart.href).toBe('http://cart:8080/');
  });

  it('keeps a path prefix of an upstream URL', () => {
    const config = loadConfig({ ...URLS, USERS_URL: 'http://users:8080/v1' });
    expect(config.upstreams.mode === 'remote' && config.upstreams.urls.users.pathname).toBe('/v1');
  });

  it.each([
    [{ USERS_URL: URLS.USERS_URL, ORDERS_URL: URLS.ORDERS_URL }, 'CART_URL must be set too: set all three upstream URLs or none'],
    [{ USERS_URL: URLS.USERS_URL, CART_URL: URLS.CART_URL }, 'ORDERS_URL must be set too: set all three upstream URLs or none'],
    [{ ORDERS_URL: URLS.ORDERS_URL, CART_URL: URLS.CART_URL }, 'USERS_URL must be set too: set all three upstream URLs or none'],
    [{ USERS_URL: URLS.USERS_URL }, 'ORDERS_URL and CART_URL must be set too: set all three upstream URLs or none'],
  ])('refuses a partial set of upstream URLs, naming the missing one (%o)', (env, message) => {
    expect(errorOf(env)).toBe(message);
  });

  it.each([
    ['USERS_URL', 'not a url', 'USERS_URL must be an http(s) URL (got "not a url")'],
    ['ORDERS_URL', 'ftp://orders:21', 'ORDERS_URL must be an http(s) URL (got "ftp://orders:21")'],
    ['CART_URL', 'http://cart:8080/?x=1', 'CART_URL must not carry a query, fragment or credentials (got "http://cart:8080/?x=1")'],
    ['USERS_URL', 'http://me:pw@users:8080', 'USERS_URL must not carry a query, fragment or credentials (got "http://me:pw@users:8080")'],
  ])('refuses a bad %s %j', (name, value, message) => {
    expect(errorOf({ ...URLS, [name]: value })).toBe(message);
  });
});

describe('loadConfig numbers', () => {
  it.each([
    ['UPSTREAM_TIMEOUT_MS', '2s', 'UPSTREAM_TIMEOUT_MS must be a positive integer up to 600000 (got "2s")'],
    ['UPSTREAM_TIMEOUT_MS', '0', 'UPSTREAM_TIMEOUT_MS must be a positive integer up to 600000 (got "0")'],
    ['UPSTREAM_TIMEOUT_MS', '-1', 'UPSTREAM_TIMEOUT_MS must be a positive integer up to 600000 (got "-1")'],
    ['UPSTREAM_TIMEOUT_MS', '1.5', 'UPSTREAM_TIMEOUT_MS must be a positive integer up to 600000 (got "1.5")'],
    ['BREAKER_RESET_MS', '10s', 'BREAKER_RESET_MS must be a positive integer up to 3600000 (got "10s")'],
    ['BREAKER_RESET_MS', '0', 'BREAKER_RESET_MS must be a positive integer up to 3600000 (got "0")'],
    ['PASSTHROUGH_RATE_LIMIT', '-1', 'PASSTHROUGH_RATE_LIMIT must be a positive integer up to 2147483647 (got "-1")'],
    ['SHUTDOWN_GRACE_MS', 'soon', 'SHUTDOWN_GRACE_MS must be a positive integer up to 600000 (got "soon")'],
    ['QUERY_MAX_DEPTH', '0', 'QUERY_MAX_DEPTH must be a positive integer up to 1000 (got "0")'],
    ['REQUEST_TIMEOUT_MS', '10s', 'REQUEST_TIMEOUT_MS must be a positive integer up to 600000 (got "10s")'],
    ['STALE_MAX_AGE_S', '-1', 'STALE_MAX_AGE_S must be an integer from 0 to 86400 (got "-1")'],
    ['STALE_MAX_AGE_S', '5m', 'STALE_MAX_AGE_S must be an integer from 0 to 86400 (got "5m")'],
    ['STALE_MAX_ENTRIES', '0', 'STALE_MAX_ENTRIES must be a positive integer up to 10000000 (got "0")'],
    ['STALE_MAX_BYTES', 'lots', 'STALE_MAX_BYTES must be a positive integer up to 2147483647 (got "lots")'],
    ['PORT', '70000', 'PORT must be a port number from 0 to 65535 (got "70000")'],
    ['PORT', 'http', 'PORT must be a port number from 0 to 65535 (got "http")'],
  ])('refuses %s=%j naming the variable and the value', (name, value, message) => {
    expect(errorOf({ [name]: value })).toBe(message);
  });
});

describe('loadConfig authentication', () => {
  it('takes JWT_SECRET as the HS256 secret', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).auth).toEqual({ mode: 'secret', secret: SECRET });
  });

  it('refuses JWT_SECRET and JWKS_URL together', () => {
    expect(errorOf({ JWT_SECRET: SECRET, JWKS_URL: 'https://auth.example.com/jwks' })).toBe(
      'JWT_SECRET and JWKS_URL are both set: choose one',
    );
  });

  it('refuses a JWT_SECRET shorter than 16 characters', () => {
    expect(errorOf({ JWT_SECRET: 'short' })).toBe('JWT_SECRET must be at least 16 characters long');
  });

  it('refuses a JWKS_URL that is not an http(s) URL', () => {
    expect(errorOf({ JWKS_URL: 'file:///etc/jwks.json' })).toBe('JWKS_URL must be an http(s) URL (got "file:///etc/jwks.json")');
  });
});

describe('loadConfig in production', () => {
  it('refuses to start without the upstream URLs', () => {
    expect(errorOf({ NODE_ENV: 'production', JWT_SECRET: SECRET })).toBe('USERS_URL, ORDERS_URL and CART_URL are required in production');
  });

  it('refuses to start without JWT settings', () => {
    expect(errorOf({ NODE_ENV: 'production', ...URLS })).toBe('JWT_SECRET or JWKS_URL is required in production');
  });

  it('starts with the URLs and one JWT setting', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...URLS, JWT_SECRET: SECRET });
    expect(config.production).toBe(true);
    expect(config.upstreams.mode).toBe('remote');
  });

  it('treats any NODE_ENV but production as development', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).production).toBe(false);
  });
});

describe('loadConfig CORS_ORIGINS', () => {
  it('allows any origin in development by default', () => {
    expect(loadConfig({}).cors).toEqual({ mode: 'any' });
  });

  it('allows no origin in production by default', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...URLS, JWT_SECRET: SECRET }).cors).toEqual({ mode: 'list', origins: [] });
  });

  it('parses a comma-separated list into origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:3000/ ,' }).cors).toEqual({
      mode: 'list',
      origins: ['https://app.example.com', 'http://localhost:3000'],
    });
  });

  it('reads * as any origin', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ mode: 'any' });
  });

  it('refuses an entry with a path', () => {
    expect(errorOf({ CORS_ORIGINS: 'https://app.example.com/login' })).toBe(
      'CORS_ORIGINS entries must be origins like https://app.example.com (got "https://app.example.com/login")',
    );
  });

  it('refuses an entry that is not a URL', () => {
    expect(errorOf({ CORS_ORIGINS: 'app.example.com' })).toBe('CORS_ORIGINS must be an http(s) URL (got "app.example.com")');
  });
});

describe('loadConfig other variables', () => {
  it.each([
    ['TRUST_PROXY', 'maybe', 'TRUST_PROXY must be true or false (got "maybe")'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['REDIS_URL', 'http://redis:6379', 'REDIS_URL must be a redis:// or rediss:// URL (got "http://redis:6379")'],
  ])('refuses %s=%j', (name, value, message) => {
    expect(errorOf({ [name]: value })).toBe(message);
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['false', false],
    ['OFF', false],
  ])('reads TRUST_PROXY=%j as %s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toBe(expected);
  });
});

describe('loadConfig persisted operations', () => {
  it('has no file and lets any document run by default', () => {
    expect(loadConfig({}).persistedOperations).toEqual({ file: undefined, only: false });
  });

  it('reads PERSISTED_OPERATIONS_FILE and PERSISTED_OPERATIONS_ONLY', () => {
    const config = loadConfig({ PERSISTED_OPERATIONS_FILE: '/etc/gateway/operations.json', PERSISTED_OPERATIONS_ONLY: 'true' });
    expect(config.persistedOperations).toEqual({ file: '/etc/gateway/operations.json', only: true });
  });

  it('refuses PERSISTED_OPERATIONS_ONLY without a file', () => {
    expect(errorOf({ PERSISTED_OPERATIONS_ONLY: 'true' })).toBe(
      'PERSISTED_OPERATIONS_ONLY=true needs PERSISTED_OPERATIONS_FILE (the operations it allows)',
    );
  });

  it('refuses a PERSISTED_OPERATIONS_ONLY that is not a boolean', () => {
    expect(errorOf({ PERSISTED_OPERATIONS_ONLY: 'always' })).toBe('PERSISTED_OPERATIONS_ONLY must be true or false (got "always")');
  });
});
