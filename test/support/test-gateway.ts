import { request } from 'undici';
import { parsedLogs, startGateway } from './start-gateway.js';
import { signHmac } from './tokens.js';

/** The HS256 secret the test gateways verify with. */
export const SECRET = 'mutations-and-limits-test-secret-0123456789';

export interface GraphQLErrorBody {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly retryAfter?: unknown; readonly [key: string]: unknown };
}

export interface GraphQLReply {
  readonly status: number;
  /** the raw text, as a client sees it */
  readonly text: string;
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly GraphQLErrorBody[];
}

export interface AskOptions {
  /** the token's `sub`; undefined: no Authorization header */
  readonly as?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TestGateway {
  readonly url: string;
  /** every pino line written so far, parsed */
  logs(): Record<string, unknown>[];
  ask(query: string, options?: AskOptions): Promise<GraphQLReply>;
  /** the value of one Prometheus sample of /metrics, 0 when absent */
  metric(sample: string): Promise<number>;
  close(): Promise<void>;
}

/** startGateway with JWT_SECRET set, plus a client that signs a token per call. */
export async function startTestGateway(env: Readonly<Record<string, string>> = {}, deps: { rateLimitKeyPrefix?: string; staleKeyPrefix?: string } = {}): Promise<TestGateway> {
  const started = await startGateway({ JWT_SECRET: SECRET, LOG_LEVEL: 'info', ...env }, deps);
  const { url } = started;
  return {
    url,
    logs: () => parsedLogs(started.logs),
    ask: (query, options = {}) => ask(url, query, options),
    metric: async (sample) => {
      const res = await request(`${url}/metrics`);
      const text = await res.body.text();
      const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
      return line === undefined ? 0 : Number(line.slice(sample.length + 1));
    },
    close: () => started.close(),
  };
}

export function tokenFor(sub: string, roles: readonly string[] = []): Promise<string> {
  return signHmac(SECRET, { sub, roles });
}

async function ask(url: string, query: string, options: AskOptions): Promise<GraphQLReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (options.as !== undefined) headers.authorization = `Bearer ${await tokenFor(options.as)}`;
  const res = await request(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  const text = await res.body.text();
  const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] };
  return { status: res.statusCode, text, data: body.data, errors: body.errors ?? [] };
}

export const ADD_TO_CART = /* GraphQL */ `
  mutation Add($productId: ID!, $name: String!, $quantity: Int!, $unitPrice: Int!) {
    addToCart(productId: $productId, name: $name, quantity: $quantity, unitPrice: $unitPrice) { items { productId name quantity unitPrice } itemCount subtotal }
  }
`;

export const REMOVE_FROM_CART = /* GraphQL */ `
  mutation Remove($productId: ID!) { removeFromCart(productId: $productId) { items { productId quantity } itemCount subtotal } }
`;

export const CHECKOUT = /* GraphQL */ `
  mutation Checkout($key: String!) { checkout(idempotencyKey: $key) { id status total items { productId name quantity unitPrice } } }
`;

export const MY_CART = /* GraphQL */ `
  query MyCart { me { id cart { items { productId quantity } itemCount subtotal } } }
`;

/** A line item for addToCart. */
export const item = (productId: string, quantity = 1, unitPrice = 1250) => ({ productId, name: `Product ${productId}`, quantity, unitPrice });

/** The order id of a checkout reply (throws when there is none). */
export function orderIdOf(reply: GraphQLReply): string {
  const checkout = reply.data?.checkout;
  if (typeof checkout !== 'object' || checkout === null || !('id' in checkout) || typeof checkout.id !== 'string') {
    throw new Error(`no order in ${reply.text}`);
  }
  return checkout.id;
}
