import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useStackPerTest, waitUntil, type GatewayStack } from '../../support/gateway-stack.js';
import { getJson, parsedLogs } from '../../support/start-gateway.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';
import { REAL_QUERIES } from './queries.js';

const started = useStackPerTest();

const DASHBOARD = REAL_QUERIES.dashboard ?? '';

function requestLines(s: GatewayStack): Record<string, unknown>[] {
  return parsedLogs(s.gateway.logs).filter((line) => line.msg === 'request');
}

/** Prometheus text → `name{labels}` → value (labels as written by prom-client). */
async function metrics(s: GatewayStack): Promise<Map<string, number>> {
  const res = await request(`${s.gateway.url}/metrics`);
  const samples = new Map<string, number>();
  for (const line of (await res.body.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

describe('the request log', () => {
  it('writes one line per request with id, operation, status, duration, user and upstream calls', async () => {
    const s = await started();
    await s.query(DASHBOARD, { headers: { 'x-request-id': 'log-check-1' } });
    const lines = requestLines(s).filter((line) => line.requestId === 'log-check-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operation: 'Dashboard', status: 200, userId: 'u1', route: '/graphql', method: 'POST' });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    const upstream = lines[0]?.upstream;
    expect(upstream).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'users', outcome: 'ok', status: 200 }),
        expect.objectContaining({ service: 'orders', outcome: 'ok', status: 200 }),
        expect.objectContaining({ service: 'cart', outcome: 'ok', status: 200 }),
      ]),
    );
  });

  it('records a failed upstream call with its outcome', async () => {
    const s = await started();
    s.fakes.cart.fail({ kind: 'status', status: 503 });
    await s.query(DASHBOARD, { headers: { 'x-request-id': 'log-check-2' } });
    const line = requestLines(s).find((entry) => entry.requestId === 'log-check-2');
    expect(line?.upstream).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'cart', outcome: 'error', status: 503 })]));
  });

  it('never logs the token, the query or the variables (GraphQL, passthrough and a refused token)', async () => {
    const s = await started();
    const token = await signHmac(TEST_SECRET, { sub: 'u1' });
    const marker = 'VARIABLE-MARKER-5e1f';
    await request(`${s.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Mine($id: ID!) { user(id: $id) { id name } }', variables: { id: marker } }),
    }).then((res) => res.body.dump());
    await request(`${s.gateway.url}/api/users/u1`, { headers: { authorization: `Bearer ${token}` } }).then((res) => res.body.dump());
    await request(`${s.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}x` },
      body: '{"query":"{ me { id } }"}',
    }).then((res) => res.body.dump());
    const all = s.gateway.logs.join('\n');
    expect(requestLines(s).length).toBeGreaterThanOrEqual(3);
    expect(all).not.toContain(token.split('.')[2]);
    expect(all).not.toContain(token.split('.')[1]);
    expect(all).not.toContain(marker);
    expect(all).not.toContain('user(id: $id)');
  });
});

describe('/metrics', () => {
  it('counts operations by schema label and outcome, upstream calls by service, and HTTP statuses', async () => {
    // without last good data, so the failed dashboard is partial rather than served stale
    const s = await started({ STALE_MAX_AGE_S: '0' });
    await s.query(DASHBOARD);
    await s.query(DASHBOARD);
    s.fakes.users.fail({ kind: 'status', status: 503 }, { times: 1 });
    await s.query(DASHBOARD);
    await s.query(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }`);
    const m = await metrics(s);
    expect(m.get('gateway_graphql_operations_total{operation="query:dashboard",outcome="ok"}')).toBe(2);
    expect(m.get('gateway_graphql_operations_total{operation="query:dashboard",outcome="partial"}')).toBe(1);
    expect(m.get('gateway_graphql_operation_duration_seconds_count{operation="query:dashboard",outcome="ok"}')).toBe(2);
    expect(m.get('gateway_upstream_requests_total{service="users",route="GET /users/:id",outcome="ok"}') ?? m.get('gateway_upstream_requests_total{service="users",route="GET /users",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect([...m.keys()].some((key) => key.startsWith('gateway_upstream_requests_total{service="users"') && key.includes('outcome="error"'))).toBe(true);
    expect(m.get('gateway_upstream_request_duration_seconds_count{service="orders",outcome="ok"}')).toBe(3);
    expect(m.get('gateway_http_requests_total{route="/graphql",status="200"}')).toBe(3);
    expect(m.get('gateway_http_requests_total{route="/graphql",status="400"}')).toBe(1);
    for (const service of ['users', 'orders', 'cart']) expect(m.get(`gateway_breaker_state{service="${service}"}`)).toBe(0);
    expect(m.get('gateway_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.has('gateway_process_resident_memory_bytes')).toBe(true);
  });

  it('counts rate-limit refusals by field', async () => {
    const s = await started();
    for (let i = 0; i < 6; i += 1) await s.query(`mutation { checkout(idempotencyKey: "metrics-${i}") { id } }`);
    const m = await metrics(s);
    expect(m.get('gateway_rate_limited_total{field="Mutation.checkout"}')).toBe(1);
  });

  it('shows an open breaker as 2 for its service', async () => {
    const s = await started();
    s.fakes.cart.fail({ kind: 'status', status: 503 });
    for (let i = 0; i < 5; i += 1) await s.query('{ me { cart { itemCount } } }');
    expect((await metrics(s)).get('gateway_breaker_state{service="cart"}')).toBe(2);
  });

  it('never turns a client-chosen operation name into a label value', async () => {
    const s = await started();
    await s.query('query ClientChosenName7f3a { me { id } }');
    const res = await request(`${s.gateway.url}/metrics`);
    const text = await res.body.text();
    expect(text).not.toContain('ClientChosenName7f3a');
    expect(text).toContain('operation="query:me"');
  });
});

describe('/readyz', () => {
  it('answers 503 when every breaker is open', async () => {
    const s = await started({ BREAKER_RESET_MS: '60000' });
    for (const fake of [s.fakes.users, s.fakes.orders, s.fakes.cart]) fake.fail({ kind: 'status', status: 503 });
    for (let i = 0; i < 5; i += 1) await s.query(DASHBOARD);
    const down = await getJson(`${s.gateway.url}/readyz`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'not-ready',
      upstreams: { users: { breaker: 'open' }, orders: { breaker: 'open' }, cart: { breaker: 'open' } },
    });
  });

  it('answers 200 while only some breakers are open', async () => {
    const s = await started({ BREAKER_RESET_MS: '60000' });
    s.fakes.cart.fail({ kind: 'status', status: 503 });
    for (let i = 0; i < 5; i += 1) await s.query('{ me { cart { itemCount } } }');
    await waitUntil(async () => (await s.breakers()).cart === 'open');
    expect((await getJson(`${s.gateway.url}/readyz`)).status).toBe(200);
  });
});
