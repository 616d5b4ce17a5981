import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../support/tokens.js';
import { ensureBuilt, runUntilExit } from './gateway-process.js';

// Unreachable on purpose: a refused start never gets as far as calling them.
const URLS = { USERS_URL: 'http://127.0.0.1:9/users', ORDERS_URL: 'http://127.0.0.1:9/orders', CART_URL: 'http://127.0.0.1:9/cart' };
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, ...URLS };

beforeAll(() => ensureBuilt(), 180_000);

describe('node dist/main.js refuses a bad configuration with one line naming the variable', () => {
  it.each([
    ['an upstream URL that is not a URL', { ...PRODUCTION, ORDERS_URL: 'orders-service' }, 'ORDERS_URL'],
    ['an upstream URL that is not http(s)', { ...PRODUCTION, CART_URL: 'ftp://cart.internal' }, 'CART_URL'],
    ['some upstream URLs but not all', { USERS_URL: URLS.USERS_URL }, 'ORDERS_URL'],
    ['both JWT_SECRET and JWKS_URL', { ...PRODUCTION, JWKS_URL: 'https://idp.example/jwks.json' }, 'JWKS_URL'],
    ['a timeout with a unit ("2s")', { ...PRODUCTION, UPSTREAM_TIMEOUT_MS: '2s' }, 'UPSTREAM_TIMEOUT_MS'],
    ['a PORT that is not a number', { ...PRODUCTION, PORT: 'http' }, 'PORT'],
    ['a PORT above 65535', { ...PRODUCTION, PORT: '70000' }, 'PORT'],
    ['an unknown LOG_LEVEL', { ...PRODUCTION, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['production without JWT settings', { NODE_ENV: 'production', ...URLS }, 'JWT_SECRET'],
    ['production without upstream URLs', { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET }, 'USERS_URL'],
    ['a SHUTDOWN_GRACE_MS of zero', { ...PRODUCTION, SHUTDOWN_GRACE_MS: '0' }, 'SHUTDOWN_GRACE_MS'],
    ['a negative QUERY_MAX_DEPTH', { ...PRODUCTION, QUERY_MAX_DEPTH: '-1' }, 'QUERY_MAX_DEPTH'],
    ['a CORS_ORIGINS entry with a path', { ...PRODUCTION, CORS_ORIGINS: 'https://app.example/login' }, 'CORS_ORIGINS'],
    ['a TRUST_PROXY that is not a boolean', { ...PRODUCTION, TRUST_PROXY: 'sometimes' }, 'TRUST_PROXY'],
    ['a REDIS_URL that is not redis://', { ...PRODUCTION, REDIS_URL: 'http://redis:6379' }, 'REDIS_URL'],
    ['PERSISTED_OPERATIONS_ONLY without a file', { ...PRODUCTION, PERSISTED_OPERATIONS_ONLY: 'true' }, 'PERSISTED_OPERATIONS_FILE'],
    ['a PERSISTED_OPERATIONS_FILE that does not exist', { ...PRODUCTION, PERSISTED_OPERATIONS_FILE: '/nonexistent/operations.json' }, 'PERSISTED_OPERATIONS_FILE'],
  ])('%s', async (_case, env, variable) => {
    const result = await runUntilExit(env);
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
    expect(result.stdout).not.toContain('listening');
  });
});
