import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createIncrementalDeliveryCheck, hasDeferOrStream } from '../../../src/server/incremental-delivery.js';

describe('hasDeferOrStream', () => {
  it.each([
    ['an inline fragment with @defer', '{ dashboard { ... @defer { cart { itemCount } } } }', true],
    ['a spread with @defer in a fragment', '{ dashboard { ...C @defer } } fragment C on Dashboard { cart { itemCount } }', true],
    ['a list with @stream', '{ dashboard { recentOrders @stream(initialCount: 1) { id } } }', true],
    ['@defer inside a fragment definition only', '{ me { ...U } } fragment U on User { ... @defer { email } }', true],
    ['@include and @skip', '{ me @include(if: true) { id name @skip(if: false) } }', false],
    ['no directive', '{ dashboard { profile { id } } }', false],
  ])('%s: %s', (_name, query, expected) => {
    expect(hasDeferOrStream(parse(query))).toBe(expected);
  });
});

describe('createIncrementalDeliveryCheck', () => {
  it('gives the same verdict for the same document every time', () => {
    const check = createIncrementalDeliveryCheck();
    const deferred = parse('{ dashboard { ... @defer { cart { itemCount } } } }');
    const plain = parse('{ dashboard { profile { id } } }');
    expect([check(deferred), check(deferred), check(plain), check(plain)]).toEqual([true, true, false, false]);
  });
});
