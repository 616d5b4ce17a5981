import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startStack, waitUntil, type GatewayStack } from '../../support/gateway-stack.js';
import { parsedLogs } from '../../support/start-gateway.js';
import { TEST_AUDIENCE, TEST_ISSUER, generateTestKey, signWithKey, startJwksServer } from '../../support/tokens.js';
import { spanTree, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.js';

const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    dashboard {
      profile { id name }
      recentOrders { id total }
      cart { itemCount subtotal }
    }
  }
`;

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_PARENT = '00f067aa0ba902b7';

let receiver: OtlpReceiver;
let stack: GatewayStack | undefined;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  await receiver.close();
});

async function start(env: Readonly<Record<string, string>> = {}): Promise<GatewayStack> {
  stack = await startStack({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '20', LOG_LEVEL: 'info', ...env },
  });
  return stack;
}

/** Waits until the receiver holds the server span of a trace and every span under it has ended. */
async function traceOf(predicate: (span: ReceivedSpan) => boolean, count: number): Promise<ReceivedSpan[]> {
  let spans: ReceivedSpan[] = [];
  await waitUntil(() => {
    const root = receiver.spans.find((span) => span.kind === SERVER && predicate(span));
    spans = root === undefined ? [] : receiver.spans.filter((span) => span.traceId === root.traceId);
    return spans.length >= count;
  });
  return spans;
}

function only(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((span) => span.name === name);
  expect(found.map((span) => span.name), spanTree(spans)).toEqual([name]);
  return found[0]!;
}

describe('tracing', () => {
  it('exports one dashboard as a server span, the operation with its phases, and a client span per service under execute', async () => {
    const { query } = await start();
    const reply = await query(DASHBOARD);
    expect(reply.body.errors).toBeUndefined();
    const spans = await traceOf((span) => span.name === 'POST /graphql', 9);
    const server = only(spans, 'POST /graphql');
    const operation = only(spans, 'query Dashboard');
    const execute = only(spans, 'graphql.execute');
    expect(server).toMatchObject({ parentSpanId: '', kind: SERVER });
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    expect(server.resource).toMatchObject({ 'service.name': 'gateway' });
    expect(operation.parentSpanId).toBe(server.spanId);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Dashboard',
      'graphql.root_fields': ['dashboard'],
      'graphql.outcome': 'ok',
    });
    for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
      expect(only(spans, phase).parentSpanId, phase).toBe(operation.spanId);
    }
    const calls = spans.filter((span) => span.kind === CLIENT);
    expect(calls.map((span) => span.attributes['peer.service']).sort()).toEqual(['cart', 'orders', 'users']);
    for (const call of calls) {
      expect(call.parentSpanId).toBe(execute.spanId);
      expect(call.attributes).toMatchObject({ 'http.response.status_code': 200, 'gateway.upstream.outcome': 'ok', 'gateway.breaker.state': 'closed', 'gateway.upstream.attempts': 1 });
    }
    expect(only(spans, 'ratelimit Query.dashboard').parentSpanId).toBe(execute.spanId);
  });

  it('continues an incoming traceparent and keeps its tracestate', async () => {
    const { query } = await start();
    await query(DASHBOARD, { headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01`, tracestate: 'vendor=abc' } });
    const spans = await traceOf((span) => span.traceId === INCOMING_TRACE, 9);
    expect(only(spans, 'POST /graphql').parentSpanId).toBe(INCOMING_PARENT);
  });

  it('sends every upstream the gateway’s traceparent, with the trace id of the request and its client span as parent', async () => {
    const { query, fakes } = await start();
    await query(DASHBOARD, { headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01`, tracestate: 'vendor=abc' } });
    const spans = await traceOf((span) => span.traceId === INCOMING_TRACE, 9);
    const clientSpanIds = spans.filter((span) => span.kind === CLIENT).map((span) => span.spanId);
    for (const fake of [fakes.users, fakes.orders, fakes.cart]) {
      const headers = fake.requests.at(-1)?.headers;
      const [version, traceId, parentId, flags] = String(headers?.traceparent).split('-');
      expect({ version, traceId, flags }).toEqual({ version: '00', traceId: INCOMING_TRACE, flags: '01' });
      expect(clientSpanIds).toContain(parentId);
      expect(headers?.tracestate).toBe('vendor=abc');
    }
  });

  it('marks a failed upstream call as an error with its code, and the operation as partial', async () => {
    const { query, fakes } = await start();
    fakes.cart.fail({ kind: 'status', status: 503 });
    const reply = await query(DASHBOARD);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    const spans = await traceOf((span) => span.name === 'POST /graphql', 9);
    const cart = spans.find((span) => span.kind === CLIENT && span.attributes['peer.service'] === 'cart');
    expect(cart?.status).toEqual({ code: ERROR, message: 'UPSTREAM_ERROR' });
    expect(cart?.attributes).toMatchObject({ 'error.type': 'UPSTREAM_ERROR', 'http.response.status_code': 503, 'gateway.upstream.outcome': 'error' });
    const operation = only(spans, 'query Dashboard');
    expect(operation.attributes).toMatchObject({ 'graphql.outcome': 'partial', 'graphql.error.codes': ['UPSTREAM_ERROR'] });
    expect(only(spans, 'POST /graphql').status.code).toBe(0);
  });

  it('counts a retried call’s attempts on its one client span', async () => {
    const { query, fakes } = await start();
    fakes.users.fail({ kind: 'reset' }, { times: 1 });
    const reply = await query(DASHBOARD);
    expect(reply.body.errors).toBeUndefined();
    const spans = await traceOf((span) => span.name === 'POST /graphql', 9);
    const users = spans.filter((span) => span.kind === CLIENT && span.attributes['peer.service'] === 'users');
    expect(users).toHaveLength(1);
    expect(users[0]?.attributes).toMatchObject({ 'gateway.upstream.attempts': 2, 'http.request.resend_count': 1, 'gateway.upstream.outcome': 'ok' });
  });

  it('puts the trace and span ids of the server span on the request log line', async () => {
    const { query, gateway } = await start();
    await query(DASHBOARD);
    const spans = await traceOf((span) => span.name === 'POST /graphql', 9);
    const server = only(spans, 'POST /graphql');
    const line = parsedLogs(gateway.logs).find((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ traceId: server.traceId, spanId: server.spanId });
  });

  it('traces the passthrough: its rate-limit check and a client span whose traceparent replaces the client’s', async () => {
    const { gateway, fakes } = await start();
    const { signHmac, TEST_SECRET } = await import('../../support/tokens.js');
    const token = await signHmac(TEST_SECRET, { sub: 'u1', roles: [] });
    const res = await request(`${gateway.url}/api/users/u1`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01` },
    });
    await res.body.dump();
    const spans = await traceOf((span) => span.traceId === INCOMING_TRACE, 3);
    const server = only(spans, 'GET /api/users');
    const call = only(spans, 'users GET /api');
    expect(call.parentSpanId).toBe(server.spanId);
    expect(only(spans, 'ratelimit passthrough').parentSpanId).toBe(server.spanId);
    const sent = String(fakes.users.requests.at(-1)?.headers.traceparent);
    expect(sent).toBe(`00-${INCOMING_TRACE}-${call.spanId}-01`);
  });

  it('never puts tokens, variable values or bodies into spans', async () => {
    const { query } = await start();
    await query('query Who($id: ID!) { user(id: $id) { id name } }', { variables: { id: 'u2-secret-variable' } });
    await traceOf((span) => span.name === 'POST /graphql', 7);
    const text = receiver.requests.map((exported) => exported.body.toString('utf8')).join('\n');
    expect(text).not.toContain('u2-secret-variable');
    expect(text).not.toContain('Bearer');
    expect(text).not.toContain('Ada');
  });

  it('exports OTLP protobuf by default (the specification’s protocol), carrying the trace of the request', async () => {
    const { query } = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: '' });
    await query(DASHBOARD, { headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01` } });
    await waitUntil(() => receiver.requests.some((exported) => exported.body.includes(Buffer.from(INCOMING_TRACE, 'hex'))));
    expect(receiver.requests[0]?.contentType).toBe('application/x-protobuf');
  });
});

describe('tracing the JWKS', () => {
  it('shows the JWKS fetch as a client span under the operation (authentication runs while Yoga builds the context)', async () => {
    const key = await generateTestKey('ES256');
    const jwks = await startJwksServer([key]);
    try {
      const { gateway } = await start({ JWT_SECRET: '', JWKS_URL: jwks.url, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE });
      const token = await signWithKey(key, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, sub: 'u1' });
      const { gql } = await import('../../support/start-gateway.js');
      expect((await gql(gateway.url, 'query Me { me { id } }', { token })).status).toBe(200);
      const spans = await traceOf((span) => span.name === 'POST /graphql', 6);
      const fetch = only(spans, 'jwks GET');
      expect(fetch).toMatchObject({ kind: CLIENT, parentSpanId: only(spans, 'query Me').spanId });
      expect(fetch.attributes).toMatchObject({ 'peer.service': 'jwks' });
      expect(fetch.status.code).toBe(0);
    } finally {
      await jwks.close();
    }
  });

  it('marks a JWKS fetch that fails as an error, and the request answers 503', async () => {
    const key = await generateTestKey('ES256');
    const jwks = await startJwksServer([key]);
    try {
      jwks.fail(500);
      const { gateway } = await start({ JWT_SECRET: '', JWKS_URL: jwks.url, JWT_ISSUER: TEST_ISSUER, JWT_AUDIENCE: TEST_AUDIENCE });
      const token = await signWithKey(key, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, sub: 'u1' });
      const { gql } = await import('../../support/start-gateway.js');
      expect((await gql(gateway.url, 'query Me { me { id } }', { token })).status).toBe(503);
      await waitUntil(() => receiver.spans.some((span) => span.name === 'POST /graphql'));
      const fetches = receiver.spans.filter((span) => span.name === 'jwks GET');
      expect(fetches).toHaveLength(1);
      expect(jwks.fetches).toBe(1);
      expect(fetches[0]?.status).toEqual({ code: ERROR, message: 'UPSTREAM_UNAVAILABLE' });
      expect(receiver.spans.find((span) => span.name === 'POST /graphql')?.status.code).toBe(ERROR);
    } finally {
      await jwks.close();
    }
  });
});

describe('tracing when the receiver fails', () => {
  it('keeps serving, logs that spans were dropped, and closes', async () => {
    const dead = receiver.url;
    await receiver.close();
    receiver = await startOtlpReceiver(); // closed again in afterEach; this test exports to `dead`
    const { query, gateway } = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: dead, OTEL_EXPORTER_OTLP_TIMEOUT: '300' });
    const reply = await query(DASHBOARD);
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    await waitUntil(() => parsedLogs(gateway.logs).some((line) => line.msg === 'tracing: spans could not be exported'));
    const warning = parsedLogs(gateway.logs).find((line) => line.msg === 'tracing: spans could not be exported');
    expect(warning).toMatchObject({ level: 40, droppedSpans: expect.any(Number) });
    expect(Number(warning?.droppedSpans)).toBeGreaterThan(0);
  });
});

describe('tracing sampled out', () => {
  const samplersOff: readonly Readonly<Record<string, string>>[] = [
    { OTEL_TRACES_SAMPLER: 'always_off' },
    { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
  ];
  for (const env of samplersOff) {
    it(`sends nothing with ${Object.values(env).join(' ')}, and still passes an unsampled traceparent on`, async () => {
      const { query, fakes, close } = await start(env);
      const reply = await query(DASHBOARD);
      expect(reply.body.errors).toBeUndefined();
      const sent = String(fakes.users.requests.at(-1)?.headers.traceparent);
      expect(sent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      await close();
      stack = undefined;
      expect(receiver.requests).toEqual([]);
    });
  }
});

describe('tracing off', () => {
  it('sends no traceparent upstream and logs no trace ids without an endpoint', async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'info' } });
    await stack.query(DASHBOARD);
    expect(stack.fakes.users.requests.at(-1)?.headers.traceparent).toBeUndefined();
    const line = parsedLogs(stack.gateway.logs).find((entry) => entry.msg === 'request');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('traceId');
  });
});
