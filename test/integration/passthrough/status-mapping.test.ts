import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BREAKER_FAILURE_THRESHOLD } from '../../../src/upstream/create-upstreams.js';
import { SECRET_MARKER } from '../../support/recording-upstream.js';
import { getJson } from '../../support/start-gateway.js';
import { expectErrorBody, header, send, startPassthroughStack } from './harness.js';
import { perTest } from '../../support/per-test.js';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectNoLeak(reply: { text: string; headers: Record<string, unknown> }): void {
  expect(reply.text).not.toContain(SECRET_MARKER);
  expect(JSON.stringify(reply.headers)).not.toContain(SECRET_MARKER);
}

describe('passthrough status mapping', () => {
  const startStack = perTest(startPassthroughStack);

  it.each([200, 201, 204, 400, 403, 404, 422])('passes an upstream %i through unchanged: status, end-to-end headers, body', async (status) => {
    const stack = await startStack();
    const body = status === 204 ? '' : JSON.stringify({ status, note: `upstream said ${status}` });
    stack.upstream.respond({
      kind: 'send',
      status,
      headers: { 'content-type': 'application/vnd.shop+json; charset=utf-8', etag: '"v-42"', 'x-upstream': `svc-${status}`, 'cache-control': 'private, max-age=5' },
      body,
    });

    const reply = await send(`${stack.url}/api/orders/o1`, { token: await stack.token() });

    expect(reply.status).toBe(status);
    expect(reply.text).toBe(body);
    expect(reply.headers['content-type']).toBe('application/vnd.shop+json; charset=utf-8');
    expect(reply.headers.etag).toBe('"v-42"');
    expect(reply.headers['x-upstream']).toBe(`svc-${status}`);
    expect(reply.headers['cache-control']).toBe('private, max-age=5');
  });

  it.each([500, 503])('turns an upstream %i into 502 {"error","requestId"} without the upstream body', async (status) => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'serverError', status });

    const reply = await send(`${stack.url}/api/orders/o1`, { token: await stack.token() });

    expectErrorBody(reply, 502);
    expectNoLeak(reply);
    expect(reply.headers['x-upstream-debug']).toBeUndefined();
    expect(stack.upstream.calls).toHaveLength(1);
  });

  it('answers 502 when the upstream port is closed', async () => {
    const port = await closedPort();
    const stack = await startStack({ urls: { ORDERS_URL: `http://127.0.0.1:${port}` } });

    const reply = await send(`${stack.url}/api/orders/o1`, { token: await stack.token() });

    expectErrorBody(reply, 502);
    expect(reply.text).not.toContain(String(port));
  });

  it('answers 502 when the upstream resets the connection before its headers', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'reset' });

    const reply = await send(`${stack.url}/api/orders/o1`, { method: 'POST', token: await stack.token(), body: '{"x":1}' });

    expectErrorBody(reply, 502);
    expect(stack.upstream.calls).toHaveLength(1);
  });

  it('answers 504 when the upstream headers take longer than UPSTREAM_TIMEOUT_MS', async () => {
    const stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    stack.upstream.respond({ kind: 'delay', ms: 3000, then: { kind: 'send', status: 200, body: 'late' } });

    const reply = await send(`${stack.url}/api/orders/o1`, { token: await stack.token() });

    expectErrorBody(reply, 504);
    expect(reply.text).not.toContain('late');
  });

  it('answers 503 once repeated upstream failures have opened the breaker, without calling the upstream', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'serverError', status: 503 });
    const token = await stack.token();
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) expectErrorBody(await send(`${stack.url}/api/orders/o${i}`, { token }), 502);
    expect(stack.upstream.calls).toHaveLength(BREAKER_FAILURE_THRESHOLD);

    const reply = await send(`${stack.url}/api/orders/o9`, { token });

    expectErrorBody(reply, 503);
    expectNoLeak(reply);
    expect(stack.upstream.calls).toHaveLength(BREAKER_FAILURE_THRESHOLD);
    expect(await getJson(`${stack.url}/readyz`)).toMatchObject({ body: { upstreams: { orders: { breaker: 'open' }, users: { breaker: 'closed' } } } });
  });

  it('counts header timeouts against the breaker like any other upstream failure', async () => {
    const stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '200' } });
    stack.upstream.respond({ kind: 'delay', ms: 2000, then: { kind: 'send', status: 200 } });
    const token = await stack.token();
    for (let i = 0; i < BREAKER_FAILURE_THRESHOLD; i += 1) expectErrorBody(await send(`${stack.url}/api/carts/u1`, { token }), 504);

    const reply = await send(`${stack.url}/api/carts/u1`, { token });

    expectErrorBody(reply, 503);
    expect(stack.upstream.calls).toHaveLength(BREAKER_FAILURE_THRESHOLD);
  }, 60_000);

  it('does not count upstream 4xx answers against the breaker', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'send', status: 404, body: '{"error":"no such order"}' });
    const token = await stack.token();
    const count = BREAKER_FAILURE_THRESHOLD + 1;
    for (let i = 0; i < count; i += 1) expect((await send(`${stack.url}/api/orders/o${i}`, { token })).status).toBe(404);

    expect(stack.upstream.calls).toHaveLength(count);
    expect(await getJson(`${stack.url}/readyz`)).toMatchObject({ body: { upstreams: { orders: { breaker: 'closed' } } } });
  });

  it('gives every error body the X-Request-Id the client sent', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'serverError', status: 500 });

    const reply = await send(`${stack.url}/api/orders/o1`, { token: await stack.token(), headers: { 'x-request-id': 'client-req:42' } });

    expectErrorBody(reply, 502);
    expect(header(reply.headers, 'x-request-id')).toBe('client-req:42');
    expect(stack.upstream.calls[0]?.headers['x-request-id']).toBe('client-req:42');
  });
});
