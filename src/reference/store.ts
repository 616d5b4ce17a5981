import { CATALOGUE } from './seed-data.js';
import { createRandom, createSeed, emailOf, itemOf, orderId, orderTimes, randomInt, randomItems, statusForAge, totalOf } from './seed.js';
import type { Cart, CartItem, Order, OrderItem, User } from './types.js';

export interface ReferenceStoreOptions {
  /** Clock for new orders and the seed's "now" (default: the wall clock). */
  readonly now?: () => Date;
  /** Start with the seeded users, orders and carts (default true). */
  readonly seed?: boolean;
}

/** What a test asks for; everything left out is made up. */
export interface NewUser {
  readonly id?: string;
  readonly name?: string;
  readonly email?: string;
  /** How many past orders to give the user. */
  readonly orders?: number;
  /** How many distinct products to put in the user's cart. */
  readonly cartItems?: number;
}

export interface CreateOrderResult {
  readonly order: Order;
  /** false when the idempotency key was seen before and `order` is the original. */
  readonly created: boolean;
}

/** In-memory state shared by the three reference services. Returned values are snapshots. */
export interface ReferenceStore {
  getUser(id: string): User | undefined;
  /** Known users among `ids`; unknown ids are left out. */
  getUsers(ids: readonly string[]): User[];
  getOrder(id: string): Order | undefined;
  getOrders(ids: readonly string[]): Order[];
  /** The user's orders, newest first, at most `limit`. */
  ordersOfUser(userId: string, limit: number): Order[];
  orderForKey(idempotencyKey: string): Order | undefined;
  /** Same key again: the original order, never a second one. Throws RangeError on a new key without items. */
  createOrder(userId: string, items: readonly OrderItem[], idempotencyKey: string): CreateOrderResult;
  /** The user's cart; an empty one when there is none. */
  getCart(userId: string): Cart;
  /** Adds the item, or its quantity when the product is already in the cart. */
  addCartItem(userId: string, item: CartItem): Cart;
  removeCartItem(userId: string, productId: string): Cart;
  clearCart(userId: string): void;
  addUser(user?: NewUser): User;
  /** Orders created through createOrder (not the seed), oldest first. */
  readonly createdOrders: readonly Order[];
}

function freezeOrder(order: Order): Order {
  return Object.freeze({ ...order, items: Object.freeze(order.items.map((item) => Object.freeze({ ...item }))) });
}

function newestFirst(a: Order, b: Order): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return Number(b.id.slice(1)) - Number(a.id.slice(1));
}

/** A fresh store, seeded deterministically (relative to the hour `now()` falls in). */
export function createReferenceStore(options: ReferenceStoreOptions = {}): ReferenceStore {
  const now = options.now ?? (() => new Date());
  const anchorMs = Math.floor(now().getTime() / 3_600_000) * 3_600_000;
  const random = createRandom(4242);
  const users = new Map<string, User>();
  const orders = new Map<string, Order>();
  const byUser = new Map<string, Order[]>();
  const carts = new Map<string, CartItem[]>();
  const byKey = new Map<string, Order>();
  const created: Order[] = [];

  const insertOrder = (order: Order): Order => {
    const frozen = freezeOrder(order);
    orders.set(frozen.id, frozen);
    const list = [...(byUser.get(frozen.userId) ?? []), frozen].sort(newestFirst);
    byUser.set(frozen.userId, list);
    return frozen;
  };
  const nextOrderId = (): string => orderId(1001 + orders.size);
  const cartOf = (userId: string): Cart => ({ userId, items: (carts.get(userId) ?? []).map((item) => ({ ...item })) });
  const pick = <T>(map: Map<string, T>, ids: readonly string[]): T[] =>
    [...new Set(ids)].flatMap((id) => map.get(id) ?? []);

  if (options.seed ?? true) {
    const seed = createSeed(anchorMs);
    for (const user of seed.users) users.set(user.id, Object.freeze(user));
    for (const order of seed.orders) insertOrder(order);
    for (const cart of seed.carts) carts.set(cart.userId, [...cart.items]);
  }

  return {
    getUser: (id) => users.get(id),
    getUsers: (ids) => pick(users, ids),
    getOrder: (id) => orders.get(id),
    getOrders: (ids) => pick(orders, ids),
    ordersOfUser: (userId, limit) => (byUser.get(userId) ?? []).slice(0, Math.max(0, limit)),
    orderForKey: (key) => byKey.get(key),
    createOrder(userId, items, idempotencyKey) {
      const original = byKey.get(idempotencyKey);
      if (original) return { order: original, created: false };
      if (items.length === 0) throw new RangeError('an order needs at least one item');
      const createdAt = now().toISOString();
      const order = insertOrder({ id: nextOrderId(), userId, status: 'PLACED', items, total: totalOf(items), createdAt });
      byKey.set(idempotencyKey, order);
      created.push(order);
      return { order, created: true };
    },
    getCart: cartOf,
    addCartItem(userId, item) {
      const items = carts.get(userId) ?? [];
      const existing = items.find((it) => it.productId === item.productId);
      const next = existing
        ? items.map((it) => (it === existing ? { ...it, quantity: it.quantity + item.quantity } : it))
        : [...items, { ...item }];
      carts.set(userId, next);
      return cartOf(userId);
    },
    removeCartItem(userId, productId) {
      const items = carts.get(userId);
      if (items) carts.set(userId, items.filter((it) => it.productId !== productId));
      return cartOf(userId);
    },
    clearCart: (userId) => void carts.delete(userId),
    addUser(spec = {}) {
      let n = users.size + 1;
      while (users.has(`u${n}`)) n += 1;
      const id = spec.id ?? `u${n}`;
      if (users.has(id)) throw new Error(`user ${id} already exists`);
      const name = spec.name ?? `Test User ${n}`;
      const user: User = Object.freeze({ id, name, email: spec.email ?? emailOf(name), createdAt: new Date(anchorMs - 400 * 86_400_000).toISOString() });
      users.set(id, user);
      for (const at of orderTimes(random, spec.orders ?? 0, anchorMs)) {
        const items = randomItems(random);
        const status = statusForAge(random, anchorMs - at);
        insertOrder({ id: nextOrderId(), userId: id, status, items, total: totalOf(items), createdAt: new Date(at).toISOString() });
      }
      const products = CATALOGUE.slice(0, Math.min(spec.cartItems ?? 0, CATALOGUE.length));
      carts.set(id, products.map((product) => itemOf(product, randomInt(random, 1, 3))));
      return user;
    },
    get createdOrders() {
      return [...created];
    },
  };
}
