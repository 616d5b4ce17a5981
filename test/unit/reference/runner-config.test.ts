import { describe, expect, it } from 'vitest';
import { listenPlan, parseRunnerEnv } from '../../../src/reference/runner-config.js';

describe('parseRunnerEnv', () => {
  it('defaults to all services on 0.0.0.0:8080', () => {
    expect(parseRunnerEnv({})).toEqual({ service: 'all', port: 8080, host: '0.0.0.0' });
  });

  it.each([
    [{ SERVICE: 'payments' }, 'SERVICE must be one of users, orders, cart, all (got "payments")'],
    [{ PORT: '80a' }, 'PORT must be a port number from 0 to 65535 (got "80a")'],
    [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535 (got "70000")'],
    [{ PORT: '65534' }, 'PORT must leave room for PORT+2 when SERVICE is all (got "65534")'],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => parseRunnerEnv(env)).toThrow(message);
  });

  it('puts all three services on PORT, PORT+1 and PORT+2', () => {
    expect(listenPlan(parseRunnerEnv({ PORT: '9000' }))).toEqual([
      { name: 'users', port: 9000 },
      { name: 'orders', port: 9001 },
      { name: 'cart', port: 9002 },
    ]);
  });

  it('runs a single service on PORT', () => {
    expect(listenPlan(parseRunnerEnv({ SERVICE: 'cart', PORT: '7000', HOST: '127.0.0.1' }))).toEqual([{ name: 'cart', port: 7000 }]);
  });
});
