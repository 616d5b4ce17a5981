import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../server/context.js';

/** The dashboard's parts resolve independently, so one failing service nulls only its part. */
export interface DashboardSource {
  readonly userId: string;
}

export const RECENT_ORDERS = 10;

export const dashboardResolvers = {
  profile: (source: DashboardSource, _: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    ctx.lastGood.watch(ctx.loaders.user.load(source.userId), info),
  recentOrders: (source: DashboardSource, _: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    ctx.lastGood.watch(ctx.loaders.ordersOfUser.load({ userId: source.userId, limit: RECENT_ORDERS }), info),
  cart: (source: DashboardSource, _: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    ctx.lastGood.watch(ctx.loaders.cart.load(source.userId), info),
};
