import type { GraphQLResolveInfo } from 'graphql';
import { requireOwnerOrAdmin } from '../auth/require-user.js';
import { badUserInput, upstreamError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../server/context.js';
import type { User } from '../upstream/shapes.js';

export const MAX_ORDERS_LIMIT = 50;

export const userResolvers = {
  email: (user: User, _: unknown, ctx: GatewayContext): string => {
    requireOwnerOrAdmin(ctx.principal, user.id, "this user's email");
    if (user.email === undefined) throw upstreamError('users', new Error(`users gave no email for ${user.id}`));
    return user.email;
  },

  orders: (user: User, args: { limit: number }, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > MAX_ORDERS_LIMIT) {
      throw badUserInput(`limit must be between 1 and ${MAX_ORDERS_LIMIT}`);
    }
    requireOwnerOrAdmin(ctx.principal, user.id, "this user's orders");
    return ctx.lastGood.watch(ctx.loaders.ordersOfUser.load({ userId: user.id, limit: args.limit }), info);
  },

  cart: (user: User, _: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    requireOwnerOrAdmin(ctx.principal, user.id, "this user's cart");
    return ctx.lastGood.watch(ctx.loaders.cart.load(user.id), info);
  },
};
