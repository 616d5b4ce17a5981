import type { ServiceName } from '../../src/errors/codes.js';
import { SHORT_TIMEOUT_MS } from './gateway-stack.js';
import type { FakeUpstream } from './fake-upstream.js';

export const DASHBOARD = `{ dashboard {
  profile { id name email }
  recentOrders { id status total items { productId quantity unitPrice } }
  cart { items { productId quantity } itemCount subtotal }
} }`;

export const PART: Readonly<Record<ServiceName, string>> = { users: 'profile', orders: 'recentOrders', cart: 'cart' };

export interface Failure {
  readonly name: string;
  readonly code: string;
  readonly inject: (fake: FakeUpstream) => Promise<void> | void;
}

/** Every way a service can fail, with the code the gateway gives it. */
export const FAILURES: readonly Failure[] = [
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

