import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ServiceName } from '../errors/codes.js';
import { createCartHandler } from './cart-service.js';
import { createOrdersHandler } from './orders-service.js';
import { createReferenceStore } from './store.js';
import type { ReferenceStore } from './store.js';
import { createUsersHandler } from './users-service.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const HANDLER_FACTORIES: Readonly<Record<ServiceName, (store: ReferenceStore) => Handler>> = {
  users: createUsersHandler,
  orders: createOrdersHandler,
  cart: createCartHandler,
};

export interface StartServiceOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly store?: ReferenceStore;
}

export interface RunningService {
  readonly name: ServiceName;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly store: ReferenceStore;
  /** Stops listening and destroys open (keep-alive) connections. */
  close(): Promise<void>;
}

export interface RunningServices {
  readonly urls: { readonly users: string; readonly orders: string; readonly cart: string };
  readonly store: ReferenceStore;
  close(): Promise<void>;
}

/** The URL a client on this machine uses for `host:port` (wildcard addresses become loopback). */
export function urlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return reachable.includes(':') ? `http://[${reachable}]:${port}` : `http://${reachable}:${port}`;
}

/** Listens and resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Closes the server and every socket it still holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts one reference service; rejects when it cannot listen (e.g. EADDRINUSE). */
export async function startReferenceService(name: ServiceName, opts: StartServiceOptions = {}): Promise<RunningService> {
  const store = opts.store ?? createReferenceStore();
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(HANDLER_FACTORIES[name](store));
  const port = await listen(server, opts.port ?? 0, host);
  return { name, url: urlFor(host, port), port, store, close: () => closeServer(server) };
}

/** Starts users, orders and cart on free ports over one shared store. */
export async function startReferenceServices(
  opts: { host?: string; store?: ReferenceStore } = {},
): Promise<RunningServices> {
  const store = opts.store ?? createReferenceStore();
  const names: readonly ServiceName[] = ['users', 'orders', 'cart'];
  const started = await Promise.allSettled(names.map((name) => startReferenceService(name, { host: opts.host, store })));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const closeAll = async (): Promise<void> => {
    await Promise.all(running.map((service) => service.close()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await closeAll();
    const reason: unknown = failure.reason;
    throw reason;
  }
  const [users, orders, cart] = running;
  if (!users || !orders || !cart) throw new Error('reference services did not start');
  return { urls: { users: users.url, orders: orders.url, cart: cart.url }, store, close: closeAll };
}
