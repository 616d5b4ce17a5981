import { requireUser } from '../auth/require-user.js';
import { checkout } from '../checkout/checkout.js';
import { CART, ORDERS_OF_USER, ordersOfUserId } from '../degradation/stale-kinds.js';
import type { Affected } from '../degradation/last-good.js';
import type { GatewayContext } from '../server/context.js';
import type { Cart, Order } from '../upstream/shapes.js';
import { parseIdempotencyKey, parseLineItemInput, parseProductId } from './mutation-input.js';
import { MAX_ORDERS_LIMIT } from './user.js';

/** What each mutation makes wrong in the caller's last good data: an old cart or order list never comes back. */
const cartOf = (userId: string): Affected[] => [{ kind: CART, ids: [userId] }];
const afterCheckout = (userId: string): Affected[] => [
  ...cartOf(userId),
  { kind: ORDERS_OF_USER, ids: Array.from({ length: MAX_ORDERS_LIMIT }, (_, i) => ordersOfUserId(userId, i + 1)) },
];

export const mutationResolvers = {
  addToCart: (
    _: unknown,
    args: { productId: string; name: string; quantity: number; unitPrice: number },
    ctx: GatewayContext,
  ): Promise<Cart> => {
    const user = requireUser(ctx.principal);
    const item = parseLineItemInput(args);
    return ctx.lastGood.changing(() => ctx.services.cart.addItem(user.userId, item, ctx.call), cartOf(user.userId));
  },

  removeFromCart: (_: unknown, args: { productId: string }, ctx: GatewayContext): Promise<Cart> => {
    const user = requireUser(ctx.principal);
    const productId = parseProductId(args.productId);
    return ctx.lastGood.changing(() => ctx.services.cart.removeItem(user.userId, productId, ctx.call), cartOf(user.userId));
  },

  checkout: (_: unknown, args: { idempotencyKey: string }, ctx: GatewayContext): Promise<Order> => {
    const user = requireUser(ctx.principal);
    const key = parseIdempotencyKey(args.idempotencyKey);
    return ctx.lastGood.changing(() => checkout(ctx.services, { ...ctx.call, userId: user.userId }, key, ctx.logger), afterCheckout(user.userId));
  },
};
