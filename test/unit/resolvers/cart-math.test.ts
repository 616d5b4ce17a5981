import { describe, expect, it } from 'vitest';
import { itemCount, subtotal } from '../../../src/resolvers/cart-math.js';

const item = (quantity: number, unitPrice: number) => ({ productId: `p-${quantity}-${unitPrice}`, name: 'Thing', quantity, unitPrice });

describe('cart math', () => {
  it('counts nothing in an empty cart', () => {
    expect(itemCount([])).toBe(0);
    expect(subtotal([])).toBe(0);
  });

  it('counts the sum of quantities, not the number of lines', () => {
    expect(itemCount([item(3, 100), item(2, 50), item(1, 1)])).toBe(6);
  });

  it('sums quantity times unit price in integer cents', () => {
    expect(subtotal([item(3, 1250), item(2, 499)])).toBe(4748);
  });

  it('counts free items in itemCount but adds nothing to the subtotal', () => {
    expect(itemCount([item(4, 0)])).toBe(4);
    expect(subtotal([item(4, 0)])).toBe(0);
  });

  it('stays exact for prices that would drift as floating-point euros', () => {
    expect(subtotal([item(3, 10), item(3, 20)])).toBe(90);
    expect(subtotal([item(10_000, 100_000_000)])).toBe(1_000_000_000_000);
  });
});
