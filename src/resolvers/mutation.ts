import { requireUser } from '../auth/require-user.js';
import { checkout } from '../checkout/checkout.js';
import type { GatewayContext } from '../server/context.js';
import type { Cart, Order } from '../upstream/shapes.js';
import { parseIdempotencyKey, parseLineItemInput, parseProductId } from './mutation-input.js';

export const mutationResolvers = {
  addToCart: (
    _: unknown,
    args: { productId: string; name: string; quantity: number; unitPrice: number },
    ctx: GatewayContext,
  ): Promise<Cart> => {
    const user = requireUser(ctx.principal);
    return ctx.services.cart.addItem(user.userId, parseLineItemInput(args), ctx.call);
  },

  removeFromCart: (_: unknown, args: { productId: string }, ctx: GatewayContext): Promise<Cart> => {
    const user = requireUser(ctx.principal);
    return ctx.services.cart.removeItem(user.userId, parseProductId(args.productId), ctx.call);
  },

  checkout: (_: unknown, args: { idempotencyKey: string }, ctx: GatewayContext): Promise<Order> => {
    const user = requireUser(ctx.principal);
    const key = parseIdempotencyKey(args.idempotencyKey);
    return checkout(ctx.services, { ...ctx.call, userId: user.userId }, key, ctx.logger);
  },
};
