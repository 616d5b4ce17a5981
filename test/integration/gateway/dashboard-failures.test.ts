import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceName } from '../../../src/errors/codes.js';
import { SHORT_TIMEOUT_MS, leaksIn, startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { LEAK_MARKER, type FakeUpstream } from '../../support/fake-upstream.js';
import { at } from '../../support/start-gateway.js';

const DASHBOARD = `{ dashboard {
  profile { id name email }
  recentOrders { id status total items { productId quantity unitPrice } }
  cart { items { productId quantity } itemCount subtotal }
} }`;

const PART: Readonly<Record<ServiceName, string>> = { users: 'profile', orders: 'recentOrders', cart: 'cart' };

interface Failure {
  readonly name: string;
  readonly code: string;
  readonly inject: (fake: FakeUpstream) => Promise<void> | void;
}

const FAILURES: readonly Failure[] = [
  { name: 'answers after the deadline', code: 'UPSTREAM_TIMEOUT', inject: (fake) => fake.fail({ kind: 'delay', ms: SHORT_TIMEOUT_MS * 10 }) },
  { name: 'answers 500', code: 'UPSTREAM_ERROR', inject: (fake) => fake.fail({ kind: 'status', status: 500 }) },
  { name: 'answers 503', code: 'UPSTREAM_ERROR', inject: (fake) => fake.fail({ kind: 'status', status: 503 }) },
  { name: 'refuses connections', code: 'UPSTREAM_UNAVAILABLE', inject: (fake) => fake.refuse() },
  { name: 'resets the connection mid-body', code: 'UPSTREAM_UNAVAILABLE', inject: (fake) => fake.fail({ kind: 'reset' }) },
  { name: 'sends malformed JSON', code: 'UPSTREAM_ERROR', inject: (fake) => fake.fail({ kind: 'badJson' }) },
  { name: 'sends JSON of the wrong shape', code: 'UPSTREAM_ERROR', inject: (fake) => fake.fail({ kind: 'wrongShape' }) },
  { name: 'sends a body over the size cap', code: 'UPSTREAM_ERROR', inject: (fake) => fake.fail({ kind: 'huge', bytes: 6 * 1024 * 1024 }) },
  { name: 'stalls in the middle of the body', code: 'UPSTREAM_TIMEOUT', inject: (fake) => fake.fail({ kind: 'slowBody', ms: SHORT_TIMEOUT_MS * 10 }) },
];

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe.each(['users', 'orders', 'cart'] as const)('dashboard when %s fails', (service) => {
  for (const { name, code, inject } of FAILURES) {
    it(`nulls ${PART[service]} alone with ${code} when ${service} ${name}`, async () => {
      stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) } });
      // warm up: connections open and code paths run once, so the healthy parts answer well inside the deadline
      expect((await stack.query(DASHBOARD)).body.errors).toBeUndefined();
      await inject(stack.fakes[service]);

      const { status, body, text } = await stack.query(DASHBOARD);

      expect(status).toBe(200);
      const dashboard = at(body.data, 'dashboard');
      for (const [other, part] of Object.entries(PART)) {
        if (other === service) expect(at(dashboard, part)).toBeNull();
        else expect(at(dashboard, part)).not.toBeNull();
      }
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({ path: ['dashboard', PART[service]], extensions: { code, service } });
      expect(leaksIn(text, [stack.fakes.users, stack.fakes.orders, stack.fakes.cart], LEAK_MARKER)).toEqual([]);
    });
  }
});
