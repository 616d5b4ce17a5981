import type { CallContext } from './call-context.js';
import { valueOf } from './client-errors.js';
import type { ServiceClient } from './service-client.js';
import { parseCart, parseNothing, type Cart, type LineItem } from './shapes.js';

export interface CartClient {
  get(userId: string, ctx: CallContext): Promise<Cart>;
  addItem(userId: string, item: LineItem, ctx: CallContext): Promise<Cart>;
  removeItem(userId: string, productId: string, ctx: CallContext): Promise<Cart>;
  clear(userId: string, ctx: CallContext): Promise<void>;
}

export function createCartClient(client: ServiceClient): CartClient {
  const cartPath = (userId: string) => `/carts/${encodeURIComponent(userId)}`;
  return {
    async get(userId, ctx) {
      const reply = await client.json({ method: 'GET', path: cartPath(userId), route: 'GET /carts/:userId' }, parseCart, ctx);
      return valueOf('cart', reply, 'cart');
    },
    async addItem(userId, item, ctx) {
      const request = { method: 'POST', path: `${cartPath(userId)}/items`, route: 'POST /carts/:userId/items', body: item } as const;
      return valueOf('cart', await client.json(request, parseCart, ctx), 'cart');
    },
    async removeItem(userId, productId, ctx) {
      const path = `${cartPath(userId)}/items/${encodeURIComponent(productId)}`;
      const reply = await client.json({ method: 'DELETE', path, route: 'DELETE /carts/:userId/items/:productId' }, parseCart, ctx);
      return valueOf('cart', reply, 'cart');
    },
    async clear(userId, ctx) {
      const reply = await client.json({ method: 'DELETE', path: cartPath(userId), route: 'DELETE /carts/:userId' }, parseNothing, ctx);
      valueOf('cart', reply, 'cart');
    },
  };
}
