// The reference users, orders and cart services (compiled handlers from dist/reference/) in one
// process, each wrapped with a request counter: GET /__count answers {"service","count","routes"},
// DELETE /__count resets it. Started by bench/run.mjs; prints one READY line of JSON with the URLs.
//
// Env: BENCH_EXTRA_USERS (default 1000) adds users u41.. with 24 orders and a 3-item cart each, so
// the per-user rate limits of the schema (600 per minute per field) never refuse bench traffic.
import { createServer } from 'node:http';

const reference = new URL('../dist/reference/', import.meta.url);
const { createReferenceStore } = await import(new URL('store.js', reference).href);
const { createUsersHandler } = await import(new URL('users-service.js', reference).href);
const { createOrdersHandler } = await import(new URL('orders-service.js', reference).href);
const { createCartHandler } = await import(new URL('cart-service.js', reference).href);

const SEEDED_USERS = 40;
const extraUsers = Number(process.env.BENCH_EXTRA_USERS ?? '1000');
const host = '127.0.0.1';

const store = createReferenceStore();
for (let n = SEEDED_USERS + 1; n <= SEEDED_USERS + extraUsers; n += 1) {
  store.addUser({ id: `u${n}`, name: `Bench User ${n}`, orders: 24, cartItems: 3 });
}

/** `GET /orders?limit=10&userId=u7` → `GET /orders?limit&userId`; `/users/u7` → `/users/:id` (bounded keys). */
function routeKey(method, url) {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const segments = path.split('/').filter(Boolean).map((segment, i) => (i === 0 ? segment : i % 2 === 1 ? ':id' : segment));
  const params = q === -1 ? '' : `?${[...new URLSearchParams(url.slice(q + 1)).keys()].sort().join('&')}`;
  return `${method} /${segments.join('/')}${params}`;
}

function counted(service, handler) {
  let count = 0;
  let routes = new Map();
  return (req, res) => {
    const url = req.url ?? '/';
    if (url === '/__count') {
      if (req.method === 'DELETE') {
        count = 0;
        routes = new Map();
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service, count, routes: Object.fromEntries(routes) }));
      }
      return;
    }
    count += 1;
    const key = routeKey(req.method ?? 'GET', url);
    routes.set(key, (routes.get(key) ?? 0) + 1);
    handler(req, res);
  };
}

function listen(service, handler) {
  const server = createServer({ keepAliveTimeout: 30_000 }, counted(service, handler(store)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve({ server, url: `http://${host}:${server.address().port}` }));
  });
}

const services = {
  users: await listen('users', createUsersHandler),
  orders: await listen('orders', createOrdersHandler),
  cart: await listen('cart', createCartHandler),
};

const stop = () => {
  for (const { server } of Object.values(services)) {
    server.close();
    server.closeAllConnections();
  }
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

process.stdout.write(
  `READY ${JSON.stringify({
    urls: Object.fromEntries(Object.entries(services).map(([name, { url }]) => [name, url])),
    users: SEEDED_USERS + extraUsers,
  })}\n`,
);
