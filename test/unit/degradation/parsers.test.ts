import { describe, expect, it } from 'vitest';
import { callDeadlineMs, requestBudgetMs } from '../../../src/degradation/request-budget.js';
import { servesStale } from '../../../src/degradation/serves-stale.js';
import { parseFaults } from '../../../src/degradation/simulate.js';
import { degradedHeader } from '../../../src/degradation/summary.js';
import { GatewayError, badUserInput, notFound, upstreamError, upstreamTimeout, upstreamUnavailable } from '../../../src/errors/gateway-error.js';
import { UnreadableBody, UpstreamStatusFailure } from '../../../src/upstream/failures.js';

describe('parseFaults', () => {
  it('reads each service and fault kind', () => {
    expect(parseFaults('cart=timeout, orders=unavailable,users=error')).toEqual({
      cart: { kind: 'timeout' },
      orders: { kind: 'unavailable' },
      users: { kind: 'error' },
    });
    expect(parseFaults('cart=slow:250')).toEqual({ cart: { kind: 'slow', ms: 250 } });
  });

  it('gives nothing for no header', () => {
    expect(parseFaults(null)).toBeUndefined();
    expect(parseFaults('  ')).toBeUndefined();
  });

  it.each(['carts=timeout', 'cart=late', 'cart', 'cart=slow:', 'cart=slow:9999999', 'jwks=timeout'])('refuses %j with BAD_USER_INPUT', (raw) => {
    expect(() => parseFaults(raw)).toThrow(GatewayError);
    try {
      parseFaults(raw);
    } catch (error) {
      expect(error instanceof GatewayError && error.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('requestBudgetMs', () => {
  it.each([
    [null, 10_000],
    ['250', 250],
    ['10000', 10_000],
    ['99999', 10_000],
    ['0', 10_000],
    ['-5', 10_000],
    ['1.5', 10_000],
    ['soon', 10_000],
  ])('Request-Timeout-Ms %j under a 10 s cap gives %d ms', (raw, ms) => {
    expect(requestBudgetMs(raw, 10_000)).toBe(ms);
  });
});

describe('callDeadlineMs', () => {
  it('is UPSTREAM_TIMEOUT_MS or what remains of the budget, whichever is less', () => {
    expect(callDeadlineMs(2000, 9000)).toBe(2000);
    expect(callDeadlineMs(2000, 120.7)).toBe(120);
  });
});

describe('servesStale', () => {
  it.each([
    ['a timeout', upstreamTimeout('cart'), true],
    ['a connection failure or open breaker', upstreamUnavailable('cart'), true],
    ['a 5xx', upstreamError('cart', new UpstreamStatusFailure(503)), true],
    ['an unreadable body', upstreamError('cart', new UnreadableBody('not JSON')), true],
    ['an unexpected 4xx', upstreamError('cart', new Error('unexpected 418 from cart')), false],
    ['a 404', notFound('cart', 'cart'), false],
    ['refused input', badUserInput('no'), false],
    ['anything else', new Error('boom'), false],
  ])('%s: %s', (_, error, expected) => {
    expect(servesStale(error)).toBe(expected);
  });
});

describe('degradedHeader', () => {
  it('lists each service with its code, marking stale ones', () => {
    expect(
      degradedHeader([
        { service: 'cart', code: 'UPSTREAM_TIMEOUT', stale: true },
        { service: 'orders', code: 'UPSTREAM_UNAVAILABLE', stale: false },
      ]),
    ).toBe('cart;code=UPSTREAM_TIMEOUT;stale, orders;code=UPSTREAM_UNAVAILABLE');
  });
});
