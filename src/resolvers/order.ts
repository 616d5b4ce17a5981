import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../server/context.js';
import type { Order } from '../upstream/shapes.js';

export const orderResolvers = {
  user: (order: Order, _: unknown, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    const known = ctx.loaders.knownUser(order.userId);
    if (known === undefined) return ctx.lastGood.watch(ctx.loaders.user.load(order.userId), info);
    ctx.lastGood.note(known, info);
    return known;
  },
};
