import type { Cart } from '../upstream/shapes.js';
import { itemCount, subtotal } from './cart-math.js';

export const cartResolvers = {
  itemCount: (cart: Cart): number => itemCount(cart.items),
  subtotal: (cart: Cart): number => subtotal(cart.items),
};
