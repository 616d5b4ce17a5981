import { requireOwnerOrAdmin, requireUser } from '../auth/require-user.js';
import type { GatewayContext } from '../server/context.js';
import type { Order, User } from '../upstream/shapes.js';
import type { DashboardSource } from './dashboard.js';

export const queryResolvers = {
  me: (_: unknown, __: unknown, ctx: GatewayContext): Promise<User> => ctx.loaders.user.load(requireUser(ctx.principal).userId),

  user: (_: unknown, args: { id: string }, ctx: GatewayContext): Promise<User> => {
    requireUser(ctx.principal);
    return ctx.loaders.user.load(args.id);
  },

  order: async (_: unknown, args: { id: string }, ctx: GatewayContext): Promise<Order> => {
    requireUser(ctx.principal);
    const order = await ctx.loaders.order.load(args.id);
    requireOwnerOrAdmin(ctx.principal, order.userId, 'this order');
    return order;
  },

  dashboard: (_: unknown, __: unknown, ctx: GatewayContext): DashboardSource => ({ userId: requireUser(ctx.principal).userId }),
};
