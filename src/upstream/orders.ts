import type { CallContext } from './call-context.js';
import { valueOf } from './client-errors.js';
import type { ServiceClient } from './service-client.js';
import { parseOrder, parseOrders, type LineItem, type Order } from './shapes.js';

export interface OrdersClient {
  /** One `GET /orders?ids=` call; ids the service left out are absent from the map. */
  byIds(ids: readonly string[], ctx: CallContext): Promise<Map<string, Order>>;
  /** The user's newest orders first. */
  ofUser(userId: string, limit: number, ctx: CallContext): Promise<Order[]>;
  /** `POST /orders` with an Idempotency-Key: the same key always gives the same order. */
  create(userId: string, items: readonly LineItem[], idempotencyKey: string, ctx: CallContext): Promise<Order>;
}

export function createOrdersClient(client: ServiceClient): OrdersClient {
  return {
    async byIds(ids, ctx) {
      const query = ids.map(encodeURIComponent).join(',');
      const reply = await client.json({ method: 'GET', path: `/orders?ids=${query}`, route: 'GET /orders' }, parseOrders, ctx);
      return new Map(valueOf('orders', reply, 'orders').map((order) => [order.id, order]));
    },
    async ofUser(userId, limit, ctx) {
      const path = `/orders?userId=${encodeURIComponent(userId)}&limit=${limit}`;
      const reply = await client.json({ method: 'GET', path, route: 'GET /orders?userId' }, parseOrders, ctx);
      return valueOf('orders', reply, 'orders');
    },
    async create(userId, items, idempotencyKey, ctx) {
      const request = {
        method: 'POST',
        path: '/orders',
        route: 'POST /orders',
        body: { userId, items },
        headers: { 'idempotency-key': idempotencyKey },
      } as const;
      return valueOf('orders', await client.json(request, parseOrder, ctx), 'order');
    },
  };
}
