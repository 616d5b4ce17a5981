import { UnreadableBody } from './failures.js';

/** Upstream data as the gateway uses it, checked at the edge (users may come without email). */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string | undefined;
  readonly createdAt: string | undefined;
}

export const ORDER_STATUSES = ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface LineItem {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly LineItem[];
  readonly total: number;
  readonly createdAt: string;
}

export interface Cart {
  readonly userId: string;
  readonly items: readonly LineItem[];
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnreadableBody(`${what} is not an object`);
  return value as Json;
}

function string(o: Json, key: string, what: string): string {
  const value = o[key];
  if (typeof value !== 'string') throw new UnreadableBody(`${what}.${key} is not a string`);
  return value;
}

function optionalString(o: Json, key: string, what: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : string(o, key, what);
}

const INT_MIN = -(2 ** 31);
/** The largest value GraphQL's Int (32-bit signed) can carry. */
export const INT_MAX = 2 ** 31 - 1;

/** An integer GraphQL's Int can carry (32-bit signed). */
function integer(o: Json, key: string, what: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
    throw new UnreadableBody(`${what}.${key} is not a 32-bit integer`);
  }
  return value;
}

function array<T>(value: unknown, what: string, item: (value: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new UnreadableBody(`${what} is not an array`);
  return value.map(item);
}

export function parseUser(value: unknown): User {
  const o = object(value, 'user');
  return {
    id: string(o, 'id', 'user'),
    name: string(o, 'name', 'user'),
    email: optionalString(o, 'email', 'user'),
    createdAt: optionalString(o, 'createdAt', 'user'),
  };
}

export function parseLineItem(value: unknown): LineItem {
  const o = object(value, 'item');
  return {
    productId: string(o, 'productId', 'item'),
    name: string(o, 'name', 'item'),
    quantity: integer(o, 'quantity', 'item'),
    unitPrice: integer(o, 'unitPrice', 'item'),
  };
}

export function parseOrder(value: unknown): Order {
  const o = object(value, 'order');
  const status = ORDER_STATUSES.find((s) => s === o.status);
  if (status === undefined) throw new UnreadableBody('order.status is not a known status');
  return {
    id: string(o, 'id', 'order'),
    userId: string(o, 'userId', 'order'),
    status,
    items: array(o.items, 'order.items', parseLineItem),
    total: integer(o, 'total', 'order'),
    createdAt: string(o, 'createdAt', 'order'),
  };
}

export function parseCart(value: unknown): Cart {
  const o = object(value, 'cart');
  return { userId: string(o, 'userId', 'cart'), items: array(o.items, 'cart.items', parseLineItem) };
}

export const parseUsers = (value: unknown): User[] => array(value, 'users', parseUser);
export const parseOrders = (value: unknown): Order[] => array(value, 'orders', parseOrder);
export const parseNothing = (): undefined => undefined;
