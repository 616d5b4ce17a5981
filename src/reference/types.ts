/** Domain shapes of the reference upstream services. Money is integer cents, times ISO-8601. */

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: string;
}

/** A user as shown to someone who may not see the email. */
export type PublicUser = Omit<User, 'email'>;

export const ORDER_STATUSES = ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  /** Integer cents. */
  readonly unitPrice: number;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderItem[];
  /** Integer cents: the sum of quantity × unitPrice. */
  readonly total: number;
  readonly createdAt: string;
}

export type CartItem = OrderItem;

export interface Cart {
  readonly userId: string;
  readonly items: readonly CartItem[];
}

export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly unitPrice: number;
}
