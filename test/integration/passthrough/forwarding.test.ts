import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/raw-http.js';
import { send, startPassthroughStack } from './harness.js';
import { perTest } from '../../support/per-test.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('passthrough forwarding', () => {
  const startStack = perTest(startPassthroughStack);

  const METHODS: readonly Dispatcher.HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

  it.each(METHODS)('forwards %s with its method, exact path rest and query, and identical body bytes', async (method) => {
    const stack = await startStack();
    const body = randomBytes(256 * 1024 + 17);
    const reply = await send(`${stack.url}/api/orders/o1/items/p-1?b=2&a=1&a=3&empty=&enc=%20%2F%3F&sp=a+b`, {
      method,
      token: await stack.token(),
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"ok":true}');
    const [call] = stack.upstream.calls;
    expect(stack.upstream.calls).toHaveLength(1);
    expect(call?.method).toBe(method);
    expect(call?.target).toBe('/orders/o1/items/p-1?b=2&a=1&a=3&empty=&enc=%20%2F%3F&sp=a+b');
    expect(call?.headers['content-type']).toBe('application/octet-stream');
    expect(call?.bodyBytes).toBe(body.length);
    expect(call?.bodySha256).toBe(sha256(body));
  });

  it('streams a request body of unknown length (chunked) to the upstream byte for byte', async () => {
    const stack = await startStack();
    const parts = Array.from({ length: 64 }, () => randomBytes(16 * 1024));
    async function* body(): AsyncGenerator<Buffer> {
      for (const part of parts) yield part;
    }
    const res = await request(`${stack.url}/api/carts/u1/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await stack.token()}`, 'content-type': 'application/octet-stream' },
      body: Readable.from(body()),
    });
    await res.body.dump();

    expect(res.statusCode).toBe(200);
    const call = stack.upstream.calls[0];
    expect(call?.bodyBytes).toBe(64 * 16 * 1024);
    expect(call?.bodySha256).toBe(sha256(Buffer.concat(parts)));
  });

  it('forwards GET with its exact path rest and query and an empty body', async () => {
    const stack = await startStack();
    const reply = await send(`${stack.url}/api/users?ids=u1,u2&x=%2e%2e`, { token: await stack.token() });
    expect(reply.status).toBe(200);
    const [call] = stack.upstream.calls;
    expect(call?.method).toBe('GET');
    expect(call?.target).toBe('/users?ids=u1,u2&x=%2e%2e');
    expect(call?.bodyBytes).toBe(0);
  });

  it('answers a GET that carries a body (raw Content-Length) with the upstream reply, not an error', async () => {
    const stack = await startStack();
    const token = await stack.token();
    const reply = await rawRequest(
      stack.url,
      `GET /api/carts/u1 HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"ok":true}');
    const [call] = stack.upstream.calls;
    expect(call?.method).toBe('GET');
    expect(call?.target).toBe('/carts/u1');
  });

  it.each([
    ['/api/users', '/users'],
    ['/api/orders/', '/orders/'],
    ['/api/carts/u1/items/p-100', '/carts/u1/items/p-100'],
  ])('maps %s to the upstream target %s', async (path, expected) => {
    const stack = await startStack();
    const reply = await send(`${stack.url}${path}`, { token: await stack.token() });
    expect(reply.status).toBe(200);
    expect(stack.upstream.calls.map((call) => call.target)).toEqual([expected]);
  });

  it('keeps the upstream URL path prefix in front of the collection', async () => {
    const stack = await startStack({ basePath: '/v1' });
    const reply = await send(`${stack.url}/api/carts/u1/items?x=1`, { method: 'POST', token: await stack.token(), body: '{}' });
    expect(reply.status).toBe(200);
    expect(stack.upstream.calls.map((call) => call.target)).toEqual(['/v1/carts/u1/items?x=1']);
  });
});
