import { connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEGRADED_HEADER } from '../../../src/degradation/summary.js';
import { startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { rawRequest } from '../../support/raw-http.js';
import { signHmac, TEST_SECRET } from '../../support/tokens.js';

// POST /graphql of one plain operation takes the gateway's direct route; a browser's request
// (with an Origin) takes Yoga's own HTTP handling. A client must not be able to tell them apart.
const ORIGIN = 'http://app.example';

let stack: GatewayStack;
let token: string;
beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production', CORS_ORIGINS: ORIGIN } });
  token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
});
afterAll(async () => {
  await stack.close();
});

interface Sent {
  readonly body: string;
  readonly accept?: string | undefined;
  readonly authorization?: string | null;
}

async function send(sent: Sent, origin: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (sent.accept !== undefined) headers['accept'] = sent.accept;
  if (sent.authorization !== null) headers['authorization'] = sent.authorization ?? `Bearer ${token}`;
  if (origin !== undefined) headers['origin'] = origin;
  const res = await request(`${stack.gateway.url}/graphql`, { method: 'POST', headers, body: sent.body });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'],
    degraded: res.headers[DEGRADED_HEADER.toLowerCase()],
    vary: res.headers['vary'],
    requestId: res.headers['x-request-id'],
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
    allowOrigin: res.headers['access-control-allow-origin'],
  };
}

const op = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });
const CASES: Record<string, Sent> = {
  'a query': { body: op('{ me { id name } }') },
  'variables and an operation name': {
    body: op('query A { me { id } } query B($id: ID!) { user(id: $id) { name } }', { variables: { id: 'u2' }, operationName: 'B' }),
  },
  'null variables and operation name': { body: op('{ me { id } }', { variables: null, operationName: null }) },
  'the dashboard': { body: op('{ dashboard { profile { name } recentOrders { id total } cart { itemCount subtotal } } }') },
  'a field error': { body: op('{ user(id: "u2") { id email } }') },
  'a validation error, suggestions hidden': { body: op('{ me { nam } }') },
  'a syntax error': { body: op('{ me { id ') },
  'a document over the depth limit': { body: op(`{ me { ${'orders { user { '.repeat(8)}id${' } }'.repeat(8)} } }`) },
  'no token for a field that needs one': { body: op('{ me { id } }'), authorization: null },
  'a forged token': { body: op('{ me { id } }'), authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.forged' },
  'Accept */*': { body: op('{ me { id } }'), accept: '*/*' },
  'Accept application/graphql-response+json': { body: op('{ me { nam } }'), accept: 'application/graphql-response+json' },
  'no Accept': { body: op('{ me { id } }'), accept: undefined },
  'a mutation': { body: op('mutation { removeFromCart(productId: "nope") { itemCount } }') },
};

describe('POST /graphql without Yoga’s HTTP layer', () => {
  for (const [name, sent] of Object.entries(CASES)) {
    it(`answers ${name} as Yoga does`, async () => {
      const direct = await send({ accept: 'application/json', ...sent }, undefined);
      const viaYoga = await send({ accept: 'application/json', ...sent }, ORIGIN);
      expect(viaYoga.allowOrigin).toBe(ORIGIN); // the browser's request did go through Yoga's CORS
      expect(direct.allowOrigin).toBeUndefined();
      const { allowOrigin: _a, requestId: r1, ...seen } = direct;
      const { allowOrigin: _b, requestId: r2, ...expected } = viaYoga;
      expect(seen).toEqual(expected);
      expect(seen.vary).toBe('Origin'); // a list of origins: caches must know
      expect(r1).toMatch(/^[\w-]+$/);
      expect(r1).not.toBe(r2);
    });
  }

  it('carries Gateway-Degraded and the partial result when a service fails', async () => {
    stack.fakes.cart.fail({ kind: 'status', status: 503 });
    try {
      const sent = { body: op('{ dashboard { profile { name } cart { itemCount } } }'), accept: 'application/json' };
      const direct = await send(sent, undefined);
      const viaYoga = await send(sent, ORIGIN);
      expect(direct.status).toBe(200);
      expect(direct.degraded).toMatch(/cart/);
      expect(direct.body).toMatchObject({ data: { dashboard: { profile: { name: 'Ada Lovelace' } } }, errors: [{ extensions: { code: 'UPSTREAM_ERROR' } }] });
      expect({ ...direct, requestId: undefined, allowOrigin: undefined }).toEqual({ ...viaYoga, requestId: undefined, allowOrigin: undefined });
    } finally {
      stack.fakes.cart.heal();
    }
  });

  it('hands bodies that are not one plain operation to Yoga as they came', async () => {
    for (const body of [
      '[{"query":"{ me { id } }"}]',
      '{"query":"{ me { id } }","extensions":{}}',
      '{"query":"{ me { id } }", "unknown": 1}',
      '{"query": "{ me { id } }"',
      '{"query":"{ me { id ... @defer { name } } }"}',
    ]) {
      const direct = await send({ body, accept: 'application/json' }, undefined);
      const viaYoga = await send({ body, accept: 'application/json' }, ORIGIN);
      expect({ ...direct, requestId: undefined, allowOrigin: undefined }).toEqual({ ...viaYoga, requestId: undefined, allowOrigin: undefined });
    }
  });

  it('keeps serving when a client goes away before sending the whole body', async () => {
    const { hostname, port } = new URL(stack.gateway.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"query":"{ me`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });
    const after = await send({ body: op('{ me { id } }'), accept: 'application/json' }, undefined);
    expect(after).toMatchObject({ status: 200, body: { data: { me: { id: 'u1' } } } });
  });

  it('answers a body handed to Yoga whatever the Host header says', async () => {
    const body = '[{"query":"{ me { id } }"}]';
    const res = await rawRequest(
      stack.gateway.url,
      `POST /graphql HTTP/1.1\r\nHost: not a host:x\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Batching is not supported.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});
