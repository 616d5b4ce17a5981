import type { GraphQLResolveInfo } from 'graphql';
import { requireOwnerOrAdmin, requireUser } from '../auth/require-user.js';
import type { GatewayContext } from '../server/context.js';
import type { Order, User } from '../upstream/shapes.js';
import type { DashboardSource } from './dashboard.js';

export const queryResolvers = {
  me: (_: unknown, __: unknown, ctx: GatewayContext, info: GraphQLResolveInfo): Promise<User> =>
    ctx.lastGood.watch(ctx.loaders.user.load(requireUser(ctx.principal).userId), info),

  user: (_: unknown, args: { id: string }, ctx: GatewayContext, info: GraphQLResolveInfo): Promise<User> => {
    requireUser(ctx.principal);
    return ctx.lastGood.watch(ctx.loaders.user.load(args.id), info);
  },

  order: async (_: unknown, args: { id: string }, ctx: GatewayContext, info: GraphQLResolveInfo): Promise<Order> => {
    requireUser(ctx.principal);
    const order = await ctx.loaders.order.load(args.id);
    requireOwnerOrAdmin(ctx.principal, order.userId, 'this order');
    ctx.lastGood.note(order, info);
    return order;
  },

  dashboard: (_: unknown, __: unknown, ctx: GatewayContext): DashboardSource => ({ userId: requireUser(ctx.principal).userId }),
};
