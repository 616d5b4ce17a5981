import { describe, expect, it } from 'vitest';
import { BREAKER_FAILURE_THRESHOLD } from '../../../src/upstream/create-upstreams.js';
import { at, getJson, gql } from '../../support/start-gateway.js';
import { expectErrorBody, send, startPassthroughStack, type PassthroughStack } from './harness.js';
import { perTest } from '../../support/per-test.js';

const THRESHOLD = BREAKER_FAILURE_THRESHOLD;

async function breakerOf(stack: PassthroughStack, service: string): Promise<unknown> {
  return at((await getJson(`${stack.url}/readyz`)).body, 'upstreams', service, 'breaker');
}

describe('one breaker per service, shared by GraphQL and the passthrough', () => {
  const startStack = perTest(startPassthroughStack);


  it('opens the breaker GraphQL sees after passthrough failures: { me } fails UPSTREAM_UNAVAILABLE without reaching the upstream', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'serverError', status: 503 });
    const token = await stack.token();
    for (let i = 0; i < THRESHOLD; i += 1) expectErrorBody(await send(`${stack.url}/api/users/u1`, { token }), 502);
    expect(await breakerOf(stack, 'users')).toBe('open');
    const seen = stack.upstream.calls.length;

    const result = await gql(stack.url, '{ me { id } }', { token });

    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ me: null });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', service: 'users' });
    expect(stack.upstream.calls.length).toBe(seen);
    expect(await breakerOf(stack, 'orders')).toBe('closed');
  });

  it('opens the breaker the passthrough sees after GraphQL failures: /api/users answers 503 without reaching the upstream', async () => {
    const stack = await startStack();
    stack.upstream.respond({ kind: 'serverError', status: 503 });
    const token = await stack.token();
    for (let i = 0; i < THRESHOLD && (await breakerOf(stack, 'users')) !== 'open'; i += 1) {
      const result = await gql(stack.url, '{ me { id } }', { token });
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', service: 'users' });
    }
    expect(await breakerOf(stack, 'users')).toBe('open');
    const seen = stack.upstream.calls.length;
    expect(seen).toBeGreaterThan(0);

    const reply = await send(`${stack.url}/api/users/u1`, { token });

    expectErrorBody(reply, 503);
    expect(stack.upstream.calls.length).toBe(seen);
    expect((await send(`${stack.url}/api/carts/u1`, { token })).status).toBe(502);
  });
});
