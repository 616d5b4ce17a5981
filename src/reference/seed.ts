import { CATALOGUE, USER_NAMES } from './seed-data.js';
import type { Cart, Order, OrderItem, OrderStatus, Product, User } from './types.js';

/** A deterministic source of numbers in [0, 1). */
export type Random = () => number;

export interface SeedData {
  readonly users: User[];
  readonly orders: Order[];
  readonly carts: Cart[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const FIRST_ORDER_NUMBER = 1001;

/** mulberry32: small, fast and the same sequence on every run for a given seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function totalOf(items: readonly OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

export function emailOf(name: string): string {
  const local = name.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().split(/\s+/).join('.');
  return `${local}@example.com`;
}

export function itemOf(product: Product, quantity: number): OrderItem {
  return { productId: product.productId, name: product.name, quantity, unitPrice: product.unitPrice };
}

/** 1 to `max` distinct catalogue products with quantities 1..3. */
export function randomItems(random: Random, max = 4): OrderItem[] {
  const pool = [...CATALOGUE];
  const count = randomInt(random, 1, max);
  const items: OrderItem[] = [];
  for (let i = 0; i < count && pool.length > 0; i += 1) {
    const [product] = pool.splice(randomInt(random, 0, pool.length - 1), 1);
    if (product) items.push(itemOf(product, randomInt(random, 1, 3)));
  }
  return items;
}

/** Recent orders are still moving; older ones were delivered, a few cancelled. */
export function statusForAge(random: Random, ageMs: number): OrderStatus {
  if (random() < 0.08) return 'CANCELLED';
  if (ageMs < 3 * DAY_MS) return random() < 0.6 ? 'PLACED' : 'SHIPPED';
  if (ageMs < 10 * DAY_MS) return random() < 0.5 ? 'SHIPPED' : 'DELIVERED';
  return 'DELIVERED';
}

export function orderId(n: number): string {
  return `o${n}`;
}

/** Order times for one user: distinct minutes between one hour and ~6 months before `anchorMs`. */
export function orderTimes(random: Random, count: number, anchorMs: number): number[] {
  const minutes = new Set<number>();
  while (minutes.size < count) minutes.add(randomInt(random, 60, 180 * 24 * 60));
  return [...minutes].map((m) => anchorMs - m * MINUTE_MS);
}

function orderCount(random: Random, index: number): number {
  if (index === 1) return 12; // u1: enough for "10 newest" to cut something off
  if (index === 2) return 24; // u2: a long history
  return randomInt(random, 2, 8);
}

/**
 * The seeded world relative to `anchorMs`: users u1..u40, their orders (ids o1001.. in
 * chronological order, so newer orders have higher numbers) and carts for odd-numbered users.
 */
export function createSeed(anchorMs: number, random: Random = createRandom(20240611)): SeedData {
  const users: User[] = [];
  const placements: { userId: string; at: number }[] = [];
  const carts: Cart[] = [];
  USER_NAMES.forEach((name, i) => {
    const index = i + 1;
    const id = `u${index}`;
    const createdAt = new Date(anchorMs - randomInt(random, 200, 700) * DAY_MS).toISOString();
    users.push({ id, name, email: emailOf(name), createdAt });
    for (const at of orderTimes(random, orderCount(random, index), anchorMs)) placements.push({ userId: id, at });
    if (index % 2 === 1) carts.push({ userId: id, items: randomItems(random, 3) });
  });
  placements.sort((a, b) => a.at - b.at);
  const orders = placements.map(({ userId, at }, i): Order => {
    const items = randomItems(random);
    const status = statusForAge(random, anchorMs - at);
    const createdAt = new Date(at).toISOString();
    return { id: orderId(FIRST_ORDER_NUMBER + i), userId, status, items, total: totalOf(items), createdAt };
  });
  return { users, orders, carts };
}
