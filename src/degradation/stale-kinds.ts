import type { ServiceName } from '../errors/codes.js';
import { parseCart, parseOrder, parseOrders, parseUser, type Cart, type Order, type User } from '../upstream/shapes.js';

/** What a last good value is of: the service that gave it and the parser its stored form must pass. */
export interface StaleKind<V> {
  readonly name: string;
  readonly service: ServiceName;
  /** a stored value is `unknown` again (Redis JSON, or a value kept by an older build): parsed before use */
  readonly parse: (value: unknown) => V;
}

export const USER: StaleKind<User> = { name: 'user', service: 'users', parse: parseUser };
export const ORDER: StaleKind<Order> = { name: 'order', service: 'orders', parse: parseOrder };
export const ORDERS_OF_USER: StaleKind<Order[]> = { name: 'orders-of', service: 'orders', parse: parseOrders };
export const CART: StaleKind<Cart> = { name: 'cart', service: 'cart', parse: parseCart };

/**
 * The caller's part of a key: the `sub` and the role that decides what the gateway and the
 * services show (admin or not). The sub is length-prefixed, so no sub or id can fake another key.
 */
export function callerScope(sub: string, admin: boolean): string {
  return `${sub.length}:${sub}:${admin ? 'a' : 'u'}`;
}

export function staleKey(scope: string, kind: StaleKind<unknown>, id: string): string {
  return `${scope}:${kind.name}:${id}`;
}

/** The id of a `User.orders(limit)` list (one entry per limit asked for). */
export const ordersOfUserId = (userId: string, limit: number): string => `${limit}:${userId}`;
