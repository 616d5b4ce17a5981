import type { GatewayContext } from '../server/context.js';
import type { Order } from '../upstream/shapes.js';

export const orderResolvers = {
  user: (order: Order, _: unknown, ctx: GatewayContext) => ctx.loaders.user.load(order.userId),
};
