// Baseline (d): the dashboard without GraphQL. A bare node:http server that verifies the same HS256
// token, calls users, orders and cart in parallel through keep-alive undici Pools and answers the
// JSON the gateway gives for the bench's Dashboard query: {"data":{"dashboard":{...}}}, and for its
// UserOrders query (operationName "UserOrders", the id in variables): {"data":{"user":{...}}}.
// It is the practical floor for Node doing this fan-out; it has no schema, validation, loaders,
// breakers, rate limits, metrics or logging. Env: PORT, JWT_SECRET, USERS_URL, ORDERS_URL, CART_URL.
import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'undici';

const env = process.env;
const key = new TextEncoder().encode(env.JWT_SECRET ?? '');
const pool = (url) => new Pool(new URL(url).origin, { connections: 64, pipelining: 1, keepAliveTimeout: 10_000 });
const usersPool = pool(env.USERS_URL);
const ordersPool = pool(env.ORDERS_URL);
const cartPool = pool(env.CART_URL);

async function getJson(target, path, headers) {
  const { statusCode, body } = await target.request({ method: 'GET', path, headers });
  const value = await body.json();
  if (statusCode !== 200) throw new Error(`upstream ${path} answered ${statusCode}`);
  return value;
}

const item = (i) => ({ productId: i.productId, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice });

async function dashboard(userId, roles, requestId) {
  const headers = { 'x-request-id': requestId, 'x-user-id': userId, 'x-user-roles': roles.join(',') };
  const id = encodeURIComponent(userId);
  const [profiles, recent, cart] = await Promise.all([
    getJson(usersPool, `/users?ids=${id}`, headers),
    getJson(ordersPool, `/orders?userId=${id}&limit=10`, headers),
    getJson(cartPool, `/carts/${id}`, headers),
  ]);
  const profile = profiles.find((user) => user.id === userId);
  const items = cart.items.map(item);
  return {
    profile: profile === undefined ? null : { id: profile.id, name: profile.name, email: profile.email },
    recentOrders: recent.map((o) => ({ id: o.id, status: o.status, total: o.total, createdAt: o.createdAt, items: o.items.map(item) })),
    cart: {
      items,
      itemCount: items.reduce((sum, i) => sum + i.quantity, 0),
      subtotal: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
    },
  };
}

/** The bench's UserOrders query: a user and 20 of their orders, each with its user's name. */
async function userOrders(callerId, roles, requestId, id) {
  const headers = { 'x-request-id': requestId, 'x-user-id': callerId, 'x-user-roles': roles.join(',') };
  const key = encodeURIComponent(id);
  const [profiles, orders] = await Promise.all([getJson(usersPool, `/users?ids=${key}`, headers), getJson(ordersPool, `/orders?userId=${key}&limit=20`, headers)]);
  const names = new Map(profiles.map((user) => [user.id, user.name]));
  const profile = profiles.find((user) => user.id === id);
  if (profile === undefined) return null;
  return {
    id: profile.id,
    name: profile.name,
    orders: orders.map((o) => ({ id: o.id, total: o.total, user: names.has(o.userId) ? { name: names.get(o.userId) } : null })),
  };
}

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

let sequence = 0;
async function handle(req, res) {
  if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, { error: 'not found' });
  const request = JSON.parse(await readBody(req));
  if (typeof request.query !== 'string') return send(res, 400, { error: 'query required' });
  const auth = req.headers.authorization ?? '';
  let payload;
  try {
    ({ payload } = await jwtVerify(auth.slice('Bearer '.length), key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
  } catch {
    return send(res, 401, { errors: [{ message: 'bad token', extensions: { code: 'UNAUTHENTICATED' } }] });
  }
  const requestId = req.headers['x-request-id'] ?? `b${(sequence += 1)}`;
  try {
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    if (request.operationName === 'UserOrders') {
      send(res, 200, { data: { user: await userOrders(payload.sub, roles, requestId, String(request.variables?.id)) } });
    } else {
      send(res, 200, { data: { dashboard: await dashboard(payload.sub, roles, requestId) } });
    }
  } catch {
    send(res, 502, { error: 'upstream failed' });
  }
}

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  handle(req, res).catch(() => res.destroy());
});
server.listen(Number(env.PORT ?? '0'), '127.0.0.1', () => {
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  Promise.all([usersPool.close(), ordersPool.close(), cartPool.close()]).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
