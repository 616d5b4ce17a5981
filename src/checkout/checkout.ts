import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError, badUserInput } from '../errors/gateway-error.js';
import type { CallContext } from '../upstream/call-context.js';
import type { LineItem, Order } from '../upstream/shapes.js';
import type { Services } from '../upstream/services.js';

/**
 * The orders service's idempotency keys are global: the gateway scopes the client's key to the
 * user, so two users' keys never collide and one user's key always names the same order.
 */
export function scopedIdempotencyKey(userId: string, clientKey: string): string {
  return `checkout-${createHash('sha256').update(userId).update('\u0000').update(clientKey).digest('hex')}`;
}

/**
 * Cart → order, once per key. A replayed key returns the original order even after the cart was
 * emptied (the orders service answers a known key whatever the body). Clearing the cart is
 * best-effort: a failure there is logged and the order is still returned.
 */
export async function checkout(
  services: Services,
  ctx: CallContext & { readonly userId: string },
  clientKey: string,
  logger: Logger,
): Promise<Order> {
  const cart = await services.cart.get(ctx.userId, ctx);
  const key = scopedIdempotencyKey(ctx.userId, clientKey);
  let order: Order;
  try {
    order = await services.orders.create(ctx.userId, cart.items, key, ctx);
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'BAD_USER_INPUT' && cart.items.length === 0) {
      throw badUserInput('The cart is empty');
    }
    throw error;
  }
  // Only the checkout that turned this cart into this order empties it: a replay must not
  // throw away items added since.
  if (cart.items.length > 0 && sameItems(order.items, cart.items)) {
    await services.cart.clear(ctx.userId, ctx).catch((error: unknown) => {
      logger.warn({ err: error, requestId: ctx.requestId, orderId: order.id }, 'checkout: cart not cleared after the order was created');
    });
  }
  return order;
}

function sameItems(a: readonly LineItem[], b: readonly LineItem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      item.productId === other.productId &&
      item.quantity === other.quantity &&
      item.unitPrice === other.unitPrice &&
      item.name === other.name
    );
  });
}
