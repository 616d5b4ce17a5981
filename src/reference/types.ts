/** Domain shapes of the reference upstream services. Money is integer cents, times ISO-8601. */

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: string;
}

/** A user as shown to someone who may not see the email. */
export type PublicUser = Omit<User, 'email'>;

// Orders, items and carts travel in the contract's REST shape, the one the gateway parses.
export { ORDER_STATUSES, type Cart, type Order, type OrderStatus } from '../upstream/shapes.js';
export type { LineItem as OrderItem, LineItem as CartItem } from '../upstream/shapes.js';

export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly unitPrice: number;
}
