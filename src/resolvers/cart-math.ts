import type { LineItem } from '../upstream/shapes.js';

/** Sum of quantities. */
export const itemCount = (items: readonly LineItem[]): number => items.reduce((sum, item) => sum + item.quantity, 0);

/** Sum of quantity × unitPrice, in integer cents. */
export const subtotal = (items: readonly LineItem[]): number =>
  items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
