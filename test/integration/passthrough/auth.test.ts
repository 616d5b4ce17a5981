import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badHmacTokens, signHmac, TEST_SECRET, type NamedToken } from '../../support/tokens.js';
import { expectErrorBody, send, startPassthroughStack, type PassthroughStack } from './harness.js';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'gateway';

describe('passthrough authentication', () => {
  // one gateway for the table: every case asserts the upstream saw nothing, which holds only if none got through
  let stack: PassthroughStack;
  let badTokens: NamedToken[];
  beforeAll(async () => {
    stack = await startPassthroughStack({ env: { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
    badTokens = await badHmacTokens(TEST_SECRET, { issuer: ISSUER, audience: AUDIENCE });
  });
  afterAll(async () => {
    await stack.close();
  });

  it.each<Dispatcher.HttpMethod>(['GET', 'POST', 'DELETE'])('refuses an anonymous %s with 401 {"error","requestId"} before the upstream', async (method) => {
    const reply = await send(`${stack.url}/api/carts/u1`, { method, body: method === 'GET' ? undefined : '{"productId":"p1"}' });

    expectErrorBody(reply, 401);
    expect(stack.upstream.calls).toHaveLength(0);
  });

  it('refuses every kind of bad bearer token with 401 before the upstream', async () => {
    expect(badTokens.length).toBeGreaterThan(10);
    for (const { name, token } of badTokens) {
      const reply = await send(`${stack.url}/api/orders/o1`, { token });
      expect(reply.status, name).toBe(401);
      expectErrorBody(reply, 401);
    }
    expect(stack.upstream.calls).toHaveLength(0);
  });

  it.each([
    ['a Basic credential', 'Basic dTE6cGFzc3dvcmQ='],
    ['a bare token without the Bearer scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['an empty Bearer', 'Bearer '],
  ])('refuses %s in Authorization with 401 before the upstream', async (_name, authorization) => {
    const reply = await send(`${stack.url}/api/users/u1`, { headers: { authorization } });

    expectErrorBody(reply, 401);
    expect(stack.upstream.calls).toHaveLength(0);
  });

  it('never reads a token from the query string', async () => {
    const token = await signHmac(TEST_SECRET, { sub: 'u1', issuer: ISSUER, audience: AUDIENCE });
    const reply = await send(`${stack.url}/api/users/u1?access_token=${token}&token=${token}`);

    expectErrorBody(reply, 401);
    expect(stack.upstream.calls).toHaveLength(0);
  });

  it('lets a good token through, as the check above would be meaningless otherwise', async () => {
    const token = await signHmac(TEST_SECRET, { sub: 'u7', roles: ['admin', 'support'], issuer: ISSUER, audience: AUDIENCE });
    const reply = await send(`${stack.url}/api/users/u7`, { token });

    expect(reply.status).toBe(200);
    expect(stack.upstream.calls).toHaveLength(1);
    expect(stack.upstream.calls[0]?.headers['x-user-id']).toBe('u7');
    expect(stack.upstream.calls[0]?.headers['x-user-roles']).toBe('admin,support');
    stack.upstream.calls.splice(0);
  });
});
