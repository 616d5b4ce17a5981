import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerOf, requireAccess, requireCaller } from './caller.js';
import { toHandler } from './http-helpers.js';
import { byMethod, errorReply, HttpError, parseJson, reply } from './service-request.js';
import type { Service, ServiceRequest, ServiceReply } from './service-request.js';
import type { ReferenceStore } from './store.js';
import { parseItem } from './validate.js';

function addItem(store: ReferenceStore, userId: string, request: ServiceRequest): ServiceReply {
  const item = parseItem(parseJson(request.body));
  if (!item) {
    throw new HttpError(400, 'body must be {productId, name, quantity (integer >= 1), unitPrice (integer cents >= 0)}');
  }
  return reply(200, store.addCartItem(userId, item));
}

function cartRoute(store: ReferenceStore, request: ServiceRequest, userId: string, rest: readonly string[]): ServiceReply {
  const [items, productId, ...extra] = rest;
  if (items === undefined) {
    return byMethod(request, {
      GET: () => reply(200, store.getCart(userId)),
      DELETE: () => (store.clearCart(userId), reply(204)),
    });
  }
  if (items !== 'items' || extra.length > 0) return errorReply(404, 'no such route');
  if (productId === undefined) return byMethod(request, { POST: () => addItem(store, userId, request) });
  return byMethod(request, { DELETE: () => reply(200, store.removeCartItem(userId, productId)) });
}

/** `GET|DELETE /carts/{userId}`, `POST /carts/{userId}/items`, `DELETE /carts/{userId}/items/{productId}`. */
export function createCartService(store: ReferenceStore): Service {
  return (request) => {
    const [root, userId, ...rest] = request.segments;
    if (root !== 'carts' || userId === undefined) return errorReply(404, 'no such route');
    const caller = callerOf(request.headers);
    // Authorize before routing the method, so nothing about another user's cart leaks.
    requireCaller(caller);
    requireAccess(caller, userId, 'cart');
    return cartRoute(store, request, userId, rest);
  };
}

/** The cart reference service as a `node:http` request listener. */
export function createCartHandler(store: ReferenceStore): (req: IncomingMessage, res: ServerResponse) => void {
  return toHandler(createCartService(store));
}
