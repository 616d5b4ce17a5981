import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/raw-http.js';
import { header, send, startPassthroughStack, type PassthroughStack } from './harness.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Hop-by-hop headers a client may send, and the one the Connection header names. */
const CLIENT_HOP_BY_HOP = [
  'Connection: keep-alive, X-Secret',
  'X-Secret: s3cr3t-hop-value',
  'Keep-Alive: timeout=5, max=100',
  'Proxy-Authorization: Basic cHJveHk6c2VjcmV0',
  'Proxy-Connection: keep-alive',
  'TE: trailers',
  'Upgrade: websocket',
  'Trailer: X-Checksum',
];
const NEVER_UPSTREAM = ['x-secret', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'upgrade', 'trailer', 'expect', 'authorization'];

function chunked(body: string, size: number): string {
  let out = '';
  for (let at = 0; at < body.length; at += size) {
    const part = body.slice(at, at + size);
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}

function requestText(method: string, path: string, lines: readonly string[], body = ''): string {
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

describe('passthrough header hygiene', () => {
  let stack: PassthroughStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  function expectNoHopByHopUpstream(): void {
    const call = stack?.upstream.calls[0];
    expect(stack?.upstream.calls).toHaveLength(1);
    for (const name of NEVER_UPSTREAM) expect(call?.headers[name], name).toBeUndefined();
    expect(call?.headers.connection ?? '').not.toMatch(/x-secret/i);
    expect(JSON.stringify(call?.rawHeaders)).not.toContain('s3cr3t-hop-value');
  }

  it('drops client hop-by-hop headers (and the ones Connection names) before the upstream', async () => {
    stack = await startPassthroughStack();
    const body = '{"productId":"p-1","quantity":2}';
    const reply = await rawRequest(
      stack.url,
      requestText(
        'POST',
        '/api/carts/u1/items',
        ['Host: gw.test', `Authorization: Bearer ${await stack.token()}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...CLIENT_HOP_BY_HOP],
        body,
      ),
    );

    expect(reply.status).toBe(200);
    expectNoHopByHopUpstream();
    expect(stack.upstream.calls[0]?.bodySha256).toBe(sha256(body));
  });

  it('re-frames a chunked request body for the upstream without forwarding the client Transfer-Encoding', async () => {
    stack = await startPassthroughStack();
    const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ productId: `p-${i}`, quantity: i })) });
    const reply = await rawRequest(
      stack.url,
      requestText(
        'PUT',
        '/api/carts/u1',
        ['Host: gw.test', `Authorization: Bearer ${await stack.token()}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked'],
        chunked(body, 777),
      ),
    );

    expect(reply.status).toBe(200);
    const call = stack.upstream.calls[0];
    expect(call?.bodyBytes).toBe(Buffer.byteLength(body));
    expect(call?.bodySha256).toBe(sha256(body));
    // the gateway's own HTTP client frames the body (Content-Length when it has it all, else chunked): one framing, never both
    const framing = [call?.headers['content-length'], call?.headers['transfer-encoding']];
    expect([[String(Buffer.byteLength(body)), undefined], [undefined, 'chunked']]).toContainEqual(framing);
  });

  it('answers Expect: 100-continue itself and does not forward Expect', async () => {
    stack = await startPassthroughStack();
    const body = 'x'.repeat(5000);
    const reply = await rawRequest(
      stack.url,
      requestText(
        'POST',
        '/api/orders',
        ['Host: gw.test', `Authorization: Bearer ${await stack.token()}`, 'Content-Type: text/plain', `Content-Length: ${body.length}`, 'Expect: 100-continue'],
        body,
      ),
    );

    expect(reply.status).toBe(200);
    expect(reply.interim.every((status) => status === 100)).toBe(true);
    expect(stack.upstream.calls[0]?.headers.expect).toBeUndefined();
    expect(stack.upstream.calls[0]?.bodySha256).toBe(sha256(body));
  });

  it('survives every client hop-by-hop header at once, with a chunked body and Expect, without a 500', async () => {
    stack = await startPassthroughStack();
    const body = 'hello, '.repeat(1000);
    const reply = await rawRequest(
      stack.url,
      requestText(
        'PATCH',
        '/api/users/u1',
        ['Host: gw.test', `Authorization: Bearer ${await stack.token()}`, 'Transfer-Encoding: chunked', 'Expect: 100-continue', ...CLIENT_HOP_BY_HOP],
        chunked(body, 1000),
      ),
    );

    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"ok":true}');
    expectNoHopByHopUpstream();
    expect(stack.upstream.calls[0]?.bodySha256).toBe(sha256(body));
  });

  it('replaces client-sent identity and forwarding headers with the gateway’s own and never sends Authorization upstream', async () => {
    stack = await startPassthroughStack();
    const token = await stack.token('u5', ['support']);
    const reply = await send(`${stack.url}/api/orders?userId=u5`, {
      token,
      headers: {
        host: 'shop.example',
        'x-user-id': 'admin',
        'x-user-roles': 'admin,superuser',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
        forwarded: 'for=6.6.6.6;host=evil.example',
        'x-request-id': 'req-from-client.1',
      },
    });

    expect(reply.status).toBe(200);
    const call = stack.upstream.calls[0];
    expect(call?.headers['x-user-id']).toBe('u5');
    expect(call?.headers['x-user-roles']).toBe('support');
    expect(call?.headers['x-request-id']).toBe('req-from-client.1');
    expect(header(reply.headers, 'x-request-id')).toBe('req-from-client.1');
    expect(call?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(call?.headers['x-forwarded-proto']).toBe('http');
    expect(call?.headers['x-forwarded-host']).toBe('shop.example');
    expect(call?.headers.forwarded).toBeUndefined();
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.headers.host).toBe(`127.0.0.1:${stack.upstream.port}`);
    expect(JSON.stringify(call?.rawHeaders)).not.toContain(token);
    const names = (call?.rawHeaders ?? []).filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
    for (const name of ['x-user-id', 'x-user-roles', 'x-request-id', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'host']) {
      expect(names.filter((n) => n === name), name).toHaveLength(1);
    }
  });

  it('replaces a malformed client X-Request-Id with a new one, the same upstream and on the response', async () => {
    stack = await startPassthroughStack();
    const reply = await send(`${stack.url}/api/users/u1`, { token: await stack.token(), headers: { 'x-request-id': 'bad id with spaces' } });

    const id = header(reply.headers, 'x-request-id');
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(id).not.toBe('bad id with spaces');
    expect(stack.upstream.calls[0]?.headers['x-request-id']).toBe(id);
  });

  it('keeps client end-to-end headers such as Accept, If-None-Match, Idempotency-Key and custom ones', async () => {
    stack = await startPassthroughStack();
    await send(`${stack.url}/api/orders`, {
      method: 'POST',
      token: await stack.token(),
      headers: { accept: 'application/json', 'if-none-match': '"v1"', 'idempotency-key': 'k-123', 'x-client-feature': 'beta', 'content-type': 'application/json' },
      body: '{}',
    });

    const call = stack.upstream.calls[0];
    expect(call?.headers).toMatchObject({ accept: 'application/json', 'if-none-match': '"v1"', 'idempotency-key': 'k-123', 'x-client-feature': 'beta' });
  });

  it('drops upstream hop-by-hop headers (and the ones its Connection names) before the client', async () => {
    stack = await startPassthroughStack();
    stack.upstream.respond({
      kind: 'send',
      status: 200,
      headers: {
        'content-type': 'application/json',
        connection: 'keep-alive, X-Upstream-Hop',
        'x-upstream-hop': 'hop-secret',
        'keep-alive': 'timeout=999, max=7',
        'proxy-authenticate': 'Basic realm="upstream"',
        'proxy-connection': 'keep-alive',
        'proxy-status': 'upstream-proxy; error=none',
        trailer: 'X-Checksum',
        upgrade: 'h2c',
        'x-end-to-end': 'kept',
      },
      body: '{"ok":true}',
      chunked: true,
    });

    const reply = await rawRequest(stack.url, requestText('GET', '/api/users/u1', ['Host: gw.test', `Authorization: Bearer ${await stack.token()}`]));

    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"ok":true}');
    expect(reply.headers['x-end-to-end']).toBe('kept');
    expect(reply.headers['x-upstream-hop']).toBeUndefined();
    expect(reply.headers['proxy-authenticate']).toBeUndefined();
    expect(reply.headers['proxy-connection']).toBeUndefined();
    expect(reply.headers['proxy-status']).toBeUndefined();
    expect(reply.headers.trailer).toBeUndefined();
    expect(reply.headers.upgrade).toBeUndefined();
    expect(reply.headers.connection ?? '').not.toMatch(/x-upstream-hop/i);
    // the gateway's own server may announce its own keep-alive; never the upstream's
    expect(reply.headers['keep-alive'] ?? '').not.toContain('max=7');
    expect(JSON.stringify(reply.headers)).not.toContain('hop-secret');
  });
});
