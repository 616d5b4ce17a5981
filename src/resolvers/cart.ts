import { upstreamError } from '../errors/gateway-error.js';
import { INT_MAX, type Cart } from '../upstream/shapes.js';
import { itemCount, subtotal } from './cart-math.js';

/**
 * Each upstream number is checked at the edge, but their sum can still pass GraphQL's Int: such a
 * cart is unusable data from the cart service, not a value to fail serialisation with.
 */
function asInt(value: number, what: string): number {
  if (value > INT_MAX) throw upstreamError('cart', new RangeError(`${what} ${value} is past GraphQL's Int`));
  return value;
}

export const cartResolvers = {
  itemCount: (cart: Cart): number => asInt(itemCount(cart.items), 'itemCount'),
  subtotal: (cart: Cart): number => asInt(subtotal(cart.items), 'subtotal'),
};
