import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import {
  MAX_ID_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_NAME_LENGTH,
  MAX_QUANTITY,
  MAX_UNIT_PRICE,
  parseIdempotencyKey,
  parseLineItemInput,
  parseProductId,
} from '../../../src/resolvers/mutation-input.js';

const valid = { productId: 'p-100', name: 'Beans', quantity: 2, unitPrice: 1450 };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof GatewayError ? error.code : 'not a GatewayError';
  }
  return undefined;
}

describe('parseLineItemInput', () => {
  it('accepts a valid item as it is', () => {
    expect(parseLineItemInput(valid)).toEqual(valid);
  });

  it.each([
    ['a free item', { unitPrice: 0 }],
    ['the largest quantity', { quantity: MAX_QUANTITY }],
    ['the largest unit price', { unitPrice: MAX_UNIT_PRICE }],
    ['the longest productId', { productId: 'p'.repeat(MAX_ID_LENGTH) }],
    ['the longest name', { name: 'n'.repeat(MAX_NAME_LENGTH) }],
  ])('accepts %s', (_, change) => {
    expect(codeOf(() => parseLineItemInput({ ...valid, ...change }))).toBeUndefined();
  });

  it.each([
    ['an empty productId', { productId: '' }],
    ['a blank productId', { productId: '   ' }],
    ['a productId that is too long', { productId: 'p'.repeat(MAX_ID_LENGTH + 1) }],
    ['an empty name', { name: '' }],
    ['a name that is too long', { name: 'n'.repeat(MAX_NAME_LENGTH + 1) }],
    ['quantity 0', { quantity: 0 }],
    ['a negative quantity', { quantity: -1 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a quantity above the maximum', { quantity: MAX_QUANTITY + 1 }],
    ['a negative unit price', { unitPrice: -1 }],
    ['a fractional unit price', { unitPrice: 9.99 }],
    ['a unit price above the maximum', { unitPrice: MAX_UNIT_PRICE + 1 }],
  ])('refuses %s with BAD_USER_INPUT', (_, change) => {
    expect(codeOf(() => parseLineItemInput({ ...valid, ...change }))).toBe('BAD_USER_INPUT');
  });

  it('names the field in the message', () => {
    expect(() => parseLineItemInput({ ...valid, quantity: 0 })).toThrow(`quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  });
});

describe('parseProductId', () => {
  it('accepts a product id', () => {
    expect(parseProductId('p-100')).toBe('p-100');
  });

  it('refuses a blank product id', () => {
    expect(codeOf(() => parseProductId(' '))).toBe('BAD_USER_INPUT');
  });
});

describe('parseIdempotencyKey', () => {
  it('accepts a key up to the maximum length', () => {
    expect(parseIdempotencyKey('k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH))).toHaveLength(MAX_IDEMPOTENCY_KEY_LENGTH);
  });

  it.each([
    ['empty', ''],
    ['blank', '  '],
    ['too long', 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)],
  ])('refuses a key that is %s', (_, key) => {
    expect(codeOf(() => parseIdempotencyKey(key))).toBe('BAD_USER_INPUT');
  });
});
