import { describe, expect, it } from 'vitest';
import { breakSignature } from '../../support/tokens.js';
import { expectErrorBody, header, send, startPassthroughStack, type Reply } from './harness.js';
import { perTest } from '../../support/per-test.js';

interface Budget {
  readonly limit: number;
  readonly remaining: number;
  readonly reset: number;
}

/** CONTRACT: `RateLimit-Policy: <limit>;w=60` and `RateLimit: limit=<limit>, remaining=<n>, reset=<s>` on every passthrough response. */
function budgetOf(reply: Reply, limit: number): Budget {
  expect(header(reply.headers, 'ratelimit-policy')).toBe(`${limit};w=60`);
  const match = /^limit=(\d+), remaining=(\d+), reset=(\d+)$/.exec(header(reply.headers, 'ratelimit') ?? '');
  expect(match, `RateLimit: ${header(reply.headers, 'ratelimit')}`).not.toBeNull();
  const budget = { limit: Number(match?.[1]), remaining: Number(match?.[2]), reset: Number(match?.[3]) };
  expect(budget.limit).toBe(limit);
  expect(budget.remaining).toBeLessThanOrEqual(limit);
  expect(budget.reset).toBeGreaterThanOrEqual(0);
  expect(budget.reset).toBeLessThanOrEqual(60);
  return budget;
}

describe('passthrough rate limit', () => {
  const startStack = perTest(startPassthroughStack);

  it('puts RateLimit-Policy and RateLimit on every passthrough response, errors included', async () => {
    const stack = await startStack();
    const token = await stack.token();
    stack.upstream.respond((call) =>
      call.target.startsWith('/orders') ? { kind: 'serverError', status: 500 } : call.target.startsWith('/carts') ? { kind: 'send', status: 404, body: '{}' } : { kind: 'send', status: 200, body: '{}' },
    );

    const replies = [
      await send(`${stack.url}/api/users/u1`, { token }), // 200
      await send(`${stack.url}/api/carts/u1`, { token }), // upstream 404
      await send(`${stack.url}/api/orders/o1`, { token }), // 502
      await send(`${stack.url}/api/users/u1`), // 401
      await send(`${stack.url}/api/users/%00`, { token }), // 400
    ];

    expect(replies.map((reply) => reply.status)).toEqual([200, 404, 502, 401, 400]);
    for (const reply of replies) budgetOf(reply, 300);
  });

  it('counts remaining down per request for one user', async () => {
    const stack = await startStack();
    const token = await stack.token('u1');

    const remaining: number[] = [];
    for (let i = 0; i < 3; i += 1) remaining.push(budgetOf(await send(`${stack.url}/api/users/u1`, { token }), 300).remaining);

    expect(remaining).toEqual([299, 298, 297]);
  });

  it('refuses the request past PASSTHROUGH_RATE_LIMIT with 429, Retry-After and RateLimit headers, without calling the upstream', async () => {
    const stack = await startStack({ env: { PASSTHROUGH_RATE_LIMIT: '3' } });
    const token = await stack.token('u1');
    const allowed: Reply[] = [];
    for (let i = 0; i < 3; i += 1) allowed.push(await send(`${stack.url}/api/carts/u1`, { token }));
    expect(allowed.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(allowed.map((reply) => budgetOf(reply, 3).remaining)).toEqual([2, 1, 0]);

    const refused = await send(`${stack.url}/api/carts/u1`, { token });

    expectErrorBody(refused, 429);
    const retryAfter = Number(header(refused.headers, 'retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(budgetOf(refused, 3).remaining).toBe(0);
    expect(stack.upstream.calls).toHaveLength(3);
  });

  it('keeps another user’s budget untouched when one user is limited', async () => {
    const stack = await startStack({ env: { PASSTHROUGH_RATE_LIMIT: '3' } });
    const u1 = await stack.token('u1');
    for (let i = 0; i < 4; i += 1) await send(`${stack.url}/api/carts/u1`, { token: u1 });
    expect((await send(`${stack.url}/api/carts/u1`, { token: u1 })).status).toBe(429);

    const other = await send(`${stack.url}/api/carts/u2`, { token: await stack.token('u2') });

    expect(other.status).toBe(200);
    expect(budgetOf(other, 3).remaining).toBe(2);
  });

  it('does not spend a user’s budget on requests refused for a bad token', async () => {
    const stack = await startStack({ env: { PASSTHROUGH_RATE_LIMIT: '3' } });
    const token = await stack.token('u1');
    for (let i = 0; i < 5; i += 1) expect((await send(`${stack.url}/api/carts/u1`, { token: breakSignature(token) })).status).toBe(401);

    const reply = await send(`${stack.url}/api/carts/u1`, { token });

    expect(reply.status).toBe(200);
    expect(budgetOf(reply, 3).remaining).toBe(2);
  });
});
