import { describe, expect, it } from 'vitest';
import { parseLimit } from '../../../src/reference/orders-service.js';
import { HttpError } from '../../../src/reference/service-request.js';
import { parseItem, parseItems } from '../../../src/reference/validate.js';

const good = { productId: 'p-100', name: 'Beans', quantity: 1, unitPrice: 0 };

describe('parseItem', () => {
  it('keeps the four item fields and drops the rest', () => {
    expect(parseItem({ ...good, extra: true })).toEqual(good);
  });

  it.each([
    ['a zero quantity', { ...good, quantity: 0 }],
    ['a fractional quantity', { ...good, quantity: 1.5 }],
    ['a negative price', { ...good, unitPrice: -1 }],
    ['a price as a string', { ...good, unitPrice: '100' }],
    ['a blank name', { ...good, name: '  ' }],
    ['a missing productId', { name: 'Beans', quantity: 1, unitPrice: 1 }],
    ['an array', [good]],
  ])('refuses %s', (_label, value) => {
    expect(parseItem(value)).toBeUndefined();
  });

  it('refuses an empty item list or one with a bad item', () => {
    expect(parseItems([])).toBeUndefined();
    expect(parseItems([good, { ...good, quantity: 0 }])).toBeUndefined();
    expect(parseItems([good])).toEqual([good]);
  });
});

describe('parseLimit', () => {
  it('defaults to 10 and caps at 50', () => {
    expect(parseLimit(null)).toBe(10);
    expect(parseLimit('3')).toBe(3);
    expect(parseLimit('500')).toBe(50);
  });

  it.each(['0', '-1', 'ten', '2.5', ''])('answers 400 to limit=%s', (value) => {
    expect(() => parseLimit(value)).toThrow(HttpError);
  });
});
