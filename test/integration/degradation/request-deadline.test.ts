import { describe, expect, it } from 'vitest';
import { useStackPerTest } from '../../support/gateway-stack.js';
import { DASHBOARD } from '../../support/failures.js';
import { at } from '../../support/start-gateway.js';

const budget = (ms: string) => ({ headers: { 'request-timeout-ms': ms } });
const budgetOf = (headers: Record<string, unknown>) => Number(headers['request-timeout-ms']);
const ORDER_AND_USER = `query One($id: ID!) { order(id: $id) { id user { id name } } }`;

describe('the request deadline', () => {
  const started = useStackPerTest();

  it('sends each upstream call what remains of the budget as Request-Timeout-Ms', async () => {
    const stack = await started();
    await stack.query(DASHBOARD, budget('5000'));
    for (const fake of [stack.fakes.users, stack.fakes.orders, stack.fakes.cart]) {
      const sent = budgetOf(fake.requests[0]?.headers ?? {});
      expect(sent).toBeGreaterThan(4000);
      expect(sent).toBeLessThanOrEqual(5000);
    }
  });

  it('caps the client budget at REQUEST_TIMEOUT_MS, and uses it when the client sends none', async () => {
    const stack = await started({ REQUEST_TIMEOUT_MS: '3000' });
    await stack.query(`{ me { id } }`, budget('900000'));
    await stack.query(`{ me { id } }`);
    for (const recorded of stack.fakes.users.requests) expect(budgetOf(recorded.headers)).toBeLessThanOrEqual(3000);
    expect(stack.fakes.users.requests).toHaveLength(2);
  });

  it('ends parallel calls with the budget, well before UPSTREAM_TIMEOUT_MS, keeping what finished', async () => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: '5000', STALE_MAX_AGE_S: '0' });
    await stack.query(DASHBOARD);
    stack.fakes.cart.fail({ kind: 'delay', ms: 4000 });
    const began = performance.now();

    const { body } = await stack.query(DASHBOARD, budget('800'));

    expect(performance.now() - began).toBeLessThan(4000);
    expect(at(body.data, 'dashboard', 'cart')).toBeNull();
    expect(at(body.data, 'dashboard', 'profile', 'id')).toBe('u1');
    expect(at(body.data, 'dashboard', 'recentOrders')).toEqual(expect.any(Array));
    expect(body.errors).toEqual([expect.objectContaining({ path: ['dashboard', 'cart'], extensions: { code: 'UPSTREAM_TIMEOUT', service: 'cart' } })]);
  });

  it('gives a sequential hop only what the first one left', async () => {
    const stack = await started({ UPSTREAM_TIMEOUT_MS: '5000', STALE_MAX_AGE_S: '0' });
    const id = at((await stack.query(`{ me { orders(limit: 1) { id } } }`)).body.data, 'me', 'orders', 0, 'id');
    const variables = { id: String(id) };
    await stack.query(ORDER_AND_USER, { variables });
    stack.fakes.orders.fail({ kind: 'delay', ms: 150 });
    stack.fakes.users.fail({ kind: 'delay', ms: 4000 });
    const usersBefore = stack.fakes.users.requests.length;

    const { body } = await stack.query(ORDER_AND_USER, { ...budget('600'), variables });

    expect(at(body.data, 'order', 'id')).toBe(id);
    expect(at(body.data, 'order', 'user')).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ path: ['order', 'user'], extensions: { code: 'UPSTREAM_TIMEOUT' } });
    const second = stack.fakes.users.requests.slice(usersBefore);
    expect(second).toHaveLength(1);
    expect(budgetOf(second[0]?.headers ?? {})).toBeLessThanOrEqual(450);
  });

  it('makes no call with less than 10 ms left: the fields time out, or get their last good data', async () => {
    const stack = await started();
    const good = await stack.query(DASHBOARD);
    const calls = () => stack.fakes.users.requests.length + stack.fakes.orders.requests.length + stack.fakes.cart.requests.length;
    const before = calls();

    const { body, headers } = await stack.query(DASHBOARD, budget('5'));

    expect(calls()).toBe(before);
    expect(body.data).toEqual(good.body.data);
    expect(String(headers['gateway-degraded']).split(', ').sort()).toEqual([
      'cart;code=UPSTREAM_TIMEOUT;stale',
      'orders;code=UPSTREAM_TIMEOUT;stale',
      'users;code=UPSTREAM_TIMEOUT;stale',
    ]);
  });

  it('retries a failed connection inside the budget', async () => {
    const stack = await started();
    stack.fakes.cart.fail({ kind: 'reset' }, { times: 1 });

    const { body } = await stack.query(`{ me { cart { itemCount } } }`, budget('2000'));

    expect(body.errors).toBeUndefined();
    expect(stack.fakes.cart.requests).toHaveLength(2);
    const [first, retry] = stack.fakes.cart.requests.map((recorded) => budgetOf(recorded.headers));
    expect(retry).toBeLessThanOrEqual(first ?? 0);
  });
});
