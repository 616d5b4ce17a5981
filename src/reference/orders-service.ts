import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerOf, mayAccess, requireAccess, requireCaller } from './caller.js';
import type { Caller } from './caller.js';
import { toHandler } from './http-helpers.js';
import { byMethod, errorReply, HttpError, listParam, parseJson, reply } from './service-request.js';
import type { Service, ServiceRequest, ServiceReply } from './service-request.js';
import type { ReferenceStore } from './store.js';
import { isRecord, parseItems } from './validate.js';

export const DEFAULT_ORDERS_LIMIT = 10;
export const MAX_ORDERS_LIMIT = 50;
const MAX_KEY_LENGTH = 255;

/** `limit`: absent → 10, above 50 → 50, anything but a positive integer → 400. */
export function parseLimit(value: string | null): number {
  if (value === null) return DEFAULT_ORDERS_LIMIT;
  if (!/^[0-9]{1,9}$/.test(value) || Number(value) < 1) throw new HttpError(400, 'limit must be a positive integer');
  return Math.min(Number(value), MAX_ORDERS_LIMIT);
}

function listOrders(store: ReferenceStore, request: ServiceRequest, caller: Caller): ServiceReply {
  const userId = request.query.get('userId');
  const ids = listParam(request.query, 'ids');
  if ((userId === null) === (ids === undefined)) throw new HttpError(400, 'give exactly one of userId or ids');
  if (userId !== null) {
    requireAccess(caller, userId, 'orders');
    return reply(200, store.ordersOfUser(userId, parseLimit(request.query.get('limit'))));
  }
  const orders = store.getOrders(ids ?? []);
  if (orders.some((order) => !mayAccess(caller, order.userId))) {
    throw new HttpError(403, "not allowed to access another user's orders");
  }
  return reply(200, orders);
}

function idempotencyKey(request: ServiceRequest): string {
  const raw = request.headers['idempotency-key'];
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (key === '') throw new HttpError(400, 'Idempotency-Key header is required');
  if (key.length > MAX_KEY_LENGTH) throw new HttpError(400, `Idempotency-Key longer than ${MAX_KEY_LENGTH} characters`);
  return key;
}

function createOrder(store: ReferenceStore, request: ServiceRequest, caller: Caller): ServiceReply {
  const key = idempotencyKey(request);
  const original = store.orderForKey(key);
  if (original) {
    // Whatever the body says: a repeated key answers with the first order, never a second one.
    requireAccess(caller, original.userId, 'orders');
    return reply(201, original, { 'idempotent-replayed': 'true', location: `/orders/${original.id}` });
  }
  const body = parseJson(request.body);
  if (!isRecord(body) || typeof body.userId !== 'string' || body.userId === '') {
    throw new HttpError(400, 'body must be {"userId", "items"}');
  }
  requireAccess(caller, body.userId, 'orders');
  const items = parseItems(body.items);
  if (!items) return errorReply(422, 'items must be a non-empty list of {productId, name, quantity, unitPrice}');
  if (!store.getUser(body.userId)) return errorReply(422, `user ${body.userId} does not exist`);
  const { order } = store.createOrder(body.userId, items, key);
  return reply(201, order, { location: `/orders/${order.id}` });
}

function oneOrder(store: ReferenceStore, id: string, caller: Caller): ServiceReply {
  const order = store.getOrder(id);
  if (!order) return errorReply(404, `order ${id} not found`);
  requireAccess(caller, order.userId, 'orders');
  return reply(200, order);
}

/** `GET /orders/{id}`, `GET /orders?userId=&limit=`, `GET /orders?ids=`, `POST /orders`. */
export function createOrdersService(store: ReferenceStore): Service {
  return (request) => {
    const [root, id, ...rest] = request.segments;
    if (root !== 'orders' || rest.length > 0) return errorReply(404, 'no such route');
    const caller = callerOf(request.headers);
    requireCaller(caller);
    if (id === undefined) {
      return byMethod(request, {
        GET: () => listOrders(store, request, caller),
        POST: () => createOrder(store, request, caller),
      });
    }
    return byMethod(request, { GET: () => oneOrder(store, id, caller) });
  };
}

/** The orders reference service as a `node:http` request listener. */
export function createOrdersHandler(store: ReferenceStore): (req: IncomingMessage, res: ServerResponse) => void {
  return toHandler(createOrdersService(store));
}
