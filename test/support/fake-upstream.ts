import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceName } from '../../src/errors/codes.js';
import { createCartService } from '../../src/reference/cart-service.js';
import { readBody, sendError, writeReply } from '../../src/reference/http-helpers.js';
import { createOrdersService } from '../../src/reference/orders-service.js';
import { answer, errorReply, HttpError, splitUrl } from '../../src/reference/service-request.js';
import type { Service, ServiceReply } from '../../src/reference/service-request.js';
import { closeServer, listen } from '../../src/reference/start.js';
import { createReferenceStore } from '../../src/reference/store.js';
import type { ReferenceStore } from '../../src/reference/store.js';
import { createUsersService } from '../../src/reference/users-service.js';

/** Appears in every faulty body: a client-facing response containing it leaked upstream details. */
export const LEAK_MARKER = 'LEAK-MARKER-c0ffee-7f3a9c';

export type FaultMode =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'badJson' }
  | { readonly kind: 'wrongShape' }
  | { readonly kind: 'huge'; readonly bytes: number }
  | { readonly kind: 'slowBody'; readonly ms: number };

export interface FaultOptions {
  /** Only the first N matching requests fail (default: all until heal()). */
  readonly times?: number;
  /** Only requests whose path (base path removed, no query) matches. */
  readonly path?: RegExp;
}

export interface RecordedRequest {
  readonly method: string;
  /** Without the base path and query string. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeUpstream {
  /** Base URL including the base path, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  readonly port: number;
  readonly store: ReferenceStore;
  readonly requests: RecordedRequest[];
  fail(mode: FaultMode, opts?: FaultOptions): void;
  heal(): void;
  /** Stops listening and drops every connection: new calls get "connection refused". */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

const SERVICES: Readonly<Record<ServiceName, (store: ReferenceStore) => Service>> = {
  users: createUsersService,
  orders: createOrdersService,
  cart: createCartService,
};

const FAKE_STACK = `Error: connect ECONNREFUSED 10.0.3.7:5432 (${LEAK_MARKER})\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n    at Pool.query (/srv/app/node_modules/pg-pool/index.js:45:11)`;
const BAD_JSON = `{"id":"${LEAK_MARKER}","items":[{"productId":"p-100","na`;
const WRONG_SHAPE = JSON.stringify({ id: 42, name: null, userId: false, items: { unexpected: LEAK_MARKER }, total: 'lots' });

function normalizeBase(basePath: string | undefined): string {
  const trimmed = (basePath ?? '').replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function bodyOf(reply: ServiceReply): string {
  return reply.body === undefined ? '' : JSON.stringify(reply.body);
}

function sendRaw(res: ServerResponse, status: number, text: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

type Schedule = (ms: number, run: () => void) => void;

function applyFault(res: ServerResponse, mode: FaultMode, real: ServiceReply, schedule: Schedule): void {
  const text = bodyOf(real) || '{}';
  switch (mode.kind) {
    case 'delay':
      return schedule(mode.ms, () => writeReply(res, real));
    case 'status':
      return sendRaw(res, mode.status, JSON.stringify({ error: `database unavailable ${LEAK_MARKER}`, stack: FAKE_STACK }));
    case 'badJson':
      return sendRaw(res, 200, BAD_JSON);
    case 'wrongShape':
      return sendRaw(res, 200, WRONG_SHAPE);
    case 'huge': {
      const padded = Buffer.alloc(Math.max(mode.bytes, Buffer.byteLength(text)), 0x20);
      padded.write(text);
      return sendRaw(res, real.status === 204 ? 200 : real.status, padded);
    }
    case 'reset':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.ceil(text.length / 2)), () => res.socket?.resetAndDestroy());
      return;
    case 'slowBody':
      res.writeHead(real.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, 1));
      return schedule(mode.ms, () => res.end(text.slice(1)));
  }
}

/** Serves one reference service on 127.0.0.1:0 with recording and injectable faults. */
export async function startFakeUpstream(
  service: ServiceName,
  opts: { store?: ReferenceStore; basePath?: string } = {},
): Promise<FakeUpstream> {
  const store = opts.store ?? createReferenceStore();
  const serve = SERVICES[service](store);
  const base = normalizeBase(opts.basePath);
  const requests: RecordedRequest[] = [];
  const faults: { mode: FaultMode; left: number; path: RegExp | undefined }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const schedule: Schedule = (ms, run) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms);
    timers.add(timer);
  };
  const takeFault = (path: string): FaultMode | undefined => {
    const fault = faults.find((f) => f.left > 0 && (f.path === undefined || f.path.test(path)));
    if (fault) fault.left -= 1;
    return fault?.mode;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    let body = '';
    let refused: ServiceReply | undefined;
    try {
      body = await readBody(req);
    } catch (err) {
      if (!(err instanceof HttpError)) return void res.destroy();
      refused = errorReply(err.status, err.message, { ...err.headers });
    }
    const { path: rawPath, search } = splitUrl(req.url ?? '/');
    const inside = rawPath === base || rawPath.startsWith(`${base}/`);
    const path = inside ? rawPath.slice(base.length) || '/' : rawPath;
    const query = Object.fromEntries(new URLSearchParams(search));
    requests.push({ method, path, query, headers: req.headers, body });
    if (!inside) return sendError(res, 404, 'no such route');
    const fault = takeFault(path);
    const innerUrl = search === '' ? path : `${path}?${search}`;
    const real = refused ?? answer(serve, { method, url: innerUrl, headers: req.headers, body });
    if (fault) applyFault(res, fault, real, schedule);
    else writeReply(res, real);
  };

  const server = createServer((req, res) => void onRequest(req, res));
  const port = await listen(server, 0, '127.0.0.1');
  const stop = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    if (server.listening) await closeServer(server);
  };
  return {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    store,
    requests,
    fail: (mode, options = {}) => void faults.push({ mode, left: options.times ?? Infinity, path: options.path }),
    heal: () => void faults.splice(0),
    refuse: stop,
    restore: async () => {
      if (!server.listening) await listen(server, port, '127.0.0.1');
    },
    close: stop,
  };
}

export interface FakeUpstreams {
  readonly users: FakeUpstream;
  readonly orders: FakeUpstream;
  readonly cart: FakeUpstream;
  readonly store: ReferenceStore;
  readonly env: { readonly USERS_URL: string; readonly ORDERS_URL: string; readonly CART_URL: string };
  close(): Promise<void>;
}

/** The three fake upstreams over one shared store. */
export async function startFakeUpstreams(opts: { store?: ReferenceStore; basePath?: string } = {}): Promise<FakeUpstreams> {
  const store = opts.store ?? createReferenceStore();
  const [users, orders, cart] = await Promise.all(
    (['users', 'orders', 'cart'] as const).map((name) => startFakeUpstream(name, { ...opts, store })),
  );
  if (!users || !orders || !cart) throw new Error('fake upstreams did not start');
  return {
    users,
    orders,
    cart,
    store,
    env: { USERS_URL: users.url, ORDERS_URL: orders.url, CART_URL: cart.url },
    close: async () => void (await Promise.all([users.close(), orders.close(), cart.close()])),
  };
}
