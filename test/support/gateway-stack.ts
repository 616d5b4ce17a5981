import type { GatewayDeps } from '../../src/app.js';
import { perTest } from './per-test.js';
import { startFakeUpstreams, type FakeUpstream, type FakeUpstreams } from './fake-upstream.js';
import { at, getJson, gql, startGateway, type GqlOptions, type GqlResult, type StartedGateway } from './start-gateway.js';
import { TEST_SECRET, signHmac } from './tokens.js';

/**
 * A deadline short enough that no failure test waits long, with room for a healthy call on a
 * busy machine; tests of timeouts themselves set SHORT_TIMEOUT_MS.
 */
export const FAST_ENV = { JWT_SECRET: TEST_SECRET, UPSTREAM_TIMEOUT_MS: '1000', BREAKER_RESET_MS: '500' } as const;

/** The deadline of tests that make an upstream answer too late (which then waits 10× as long). */
export const SHORT_TIMEOUT_MS = 300;

export interface StackOptions {
  /** on top of the fake upstreams' URLs and FAST_ENV */
  readonly env?: Readonly<Record<string, string>>;
  /** mount the fake upstreams under a path prefix such as '/v1' */
  readonly basePath?: string;
  /** what the gateway gets besides its config (an injected clock, key prefixes) */
  readonly deps?: Omit<GatewayDeps, 'logger'>;
}

export interface QueryOptions extends Omit<GqlOptions, 'token'> {
  /** signs an HS256 token for this user (default 'u1'); null sends no Authorization header */
  readonly as?: string | null;
  readonly roles?: readonly string[];
}

/** The gateway in-process over three fake upstreams, with a query helper signing real tokens. */
export interface GatewayStack {
  readonly fakes: FakeUpstreams;
  readonly gateway: StartedGateway;
  query(document: string, options?: QueryOptions): Promise<GqlResult>;
  /** the breaker states of /readyz, e.g. `{ users: 'open', orders: 'closed', cart: 'closed' }` */
  breakers(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<GatewayStack> {
  const fakes = await startFakeUpstreams(options.basePath === undefined ? {} : { basePath: options.basePath });
  let gateway: StartedGateway;
  try {
    gateway = await startGateway({ ...fakes.env, ...FAST_ENV, ...options.env }, options.deps);
  } catch (error) {
    await fakes.close();
    throw error;
  }
  const secret = options.env?.JWT_SECRET ?? TEST_SECRET;
  return {
    fakes,
    gateway,
    async query(document, { as, roles, ...rest } = {}) {
      const token = as === null ? undefined : await signHmac(secret, { sub: as ?? 'u1', roles: roles ?? [] });
      return gql(gateway.url, document, token === undefined ? rest : { ...rest, token });
    },
    async breakers() {
      const { body } = await getJson(`${gateway.url}/readyz`);
      return {
        users: at(body, 'upstreams', 'users', 'breaker'),
        orders: at(body, 'upstreams', 'orders', 'breaker'),
        cart: at(body, 'upstreams', 'cart', 'breaker'),
      };
    },
    close: async () => {
      await gateway.close();
      await fakes.close();
    },
  };
}

/** Forget what the fake upstreams have recorded so far. */
export function clearRequests(fakes: FakeUpstreams): void {
  for (const fake of [fakes.users, fakes.orders, fakes.cart]) fake.requests.splice(0);
}

/** Polls `check` every 20 ms until it returns true, failing after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Texts that must never reach a client: markers of upstream internals. */
export function leaksIn(text: string, upstreams: readonly FakeUpstream[], marker: string): string[] {
  const forbidden = [marker, 'originalError', 'stack', ...upstreams.flatMap((fake) => [fake.url, `:${fake.port}`])];
  return forbidden.filter((needle) => text.includes(needle));
}

/**
 * For files that start a fresh stack per test: returns `started(env)`, and closes the stack
 * after each test. Call at the top of a test file.
 */
export function useStackPerTest(): (env?: Readonly<Record<string, string>>) => Promise<GatewayStack> {
  return perTest((env: Readonly<Record<string, string>> = {}) => startStack({ env }));
}
