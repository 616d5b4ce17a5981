import type { ServiceName } from '../errors/codes.js';
import { createCartClient, type CartClient } from './cart.js';
import { createOrdersClient, type OrdersClient } from './orders.js';
import type { ServiceClient } from './service-client.js';
import { createUsersClient, type UsersClient } from './users.js';

/** The typed clients over the shared per-service pools and breakers. */
export interface Services {
  readonly users: UsersClient;
  readonly orders: OrdersClient;
  readonly cart: CartClient;
}

export function createServices(clients: Readonly<Record<ServiceName, ServiceClient>>): Services {
  return {
    users: createUsersClient(clients.users),
    orders: createOrdersClient(clients.orders),
    cart: createCartClient(clients.cart),
  };
}
