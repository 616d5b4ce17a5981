// What is measured: each contender is one server process and one request mix. Every request list
// rotates over many users (one request per user, then round again) so no per-user rate limit bites.

export const DASHBOARD_QUERY =
  'query Dashboard { dashboard { profile { id name email } recentOrders { id status total createdAt items { productId name quantity unitPrice } } cart { items { productId name quantity unitPrice } itemCount subtotal } } }';

// The issue's `{ user(id: "u2") { ... } }` with the id as a variable, so the caller can be any user
// with ≥ 20 orders (Query.user allows 600 calls per minute per caller: u2 alone would be refused).
export const USER_ORDERS_QUERY =
  'query UserOrders($id: ID!) { user(id: $id) { id name orders(limit: 20) { id total user { name } } } }';

/** The same query with the root field under `alias`: a document of its own for the gateway's caches. */
const aliased = (alias) => USER_ORDERS_QUERY.replace('{ user(', `{ ${alias}: user(`);

/** How many distinct documents the rotation workload cycles through. */
export const ROTATION_DOCUMENTS = 1000;

const graphql = (authorization, payload) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json', authorization },
  body: JSON.stringify(payload),
});

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A verdict on one sampled response: ok (2xx and the expected shape) and whether it had GraphQL errors. */
function graphqlVerdict(status, text, shapeOk) {
  const graphqlErrors = text.includes('"errors"');
  const body = parse(text);
  const problem =
    status < 200 || status > 299 ? `HTTP ${status}` : graphqlErrors ? 'errors in body' : !shapeOk(body) ? 'unexpected shape' : undefined;
  return { ok: problem === undefined, graphqlErrors, problem, body: problem === undefined ? undefined : text.slice(0, 300) };
}

function checkDashboard(userId) {
  return (status, text) =>
    graphqlVerdict(status, text, (body) => {
      const d = body?.data?.dashboard;
      return d?.profile?.id === userId && typeof d.profile.email === 'string' && Array.isArray(d.recentOrders) && Array.isArray(d.cart?.items);
    });
}

function checkUserOrders(userId, alias = 'user') {
  return (status, text) =>
    graphqlVerdict(status, text, (body) => {
      const user = body?.data?.[alias];
      return user?.id === userId && user.orders?.length === 20 && user.orders.every((order) => order.user?.name === user.name);
    });
}

function checkProfile(userId) {
  return (status, text) => {
    const body = parse(text);
    const problem = status !== 200 ? `HTTP ${status}` : body?.id !== userId || typeof body.email !== 'string' ? 'unexpected shape' : undefined;
    return { ok: problem === undefined, graphqlErrors: false, problem, body: problem === undefined ? undefined : text.slice(0, 300) };
  };
}

const userOrdersRequest = (tokens, id, alias) => ({
  ...graphql(tokens[id], { query: alias === undefined ? USER_ORDERS_QUERY : aliased(alias), operationName: 'UserOrders', variables: { id } }),
  check: checkUserOrders(id, alias),
});

/**
 * wrk's templates for never-repeated documents: the body split where the alias goes (wrk puts a
 * fresh one there on every request).
 */
function uniqueTemplates(tokens, ids) {
  const marker = 'ALIASMARK';
  return ids.map((id) => {
    const { body, ...rest } = graphql(tokens[id], { query: aliased(marker), operationName: 'UserOrders', variables: { id } });
    const at = body.indexOf(marker);
    return { ...rest, bodyBefore: body.slice(0, at), bodyAfter: body.slice(at + marker.length) };
  });
}

/**
 * The contenders, in the order a round runs them. `server` names the process that answers,
 * `baseline` the contender its figures are divided by, `cached` the same query from the
 * gateway's document cache (CPU per request compared with it).
 */
export function createContenders({ tokens, users, usersWith20Orders }) {
  const dashboard = users.map((id) => ({ ...graphql(tokens[id], { query: DASHBOARD_QUERY, operationName: 'Dashboard' }), check: checkDashboard(id) }));
  const userOrders = usersWith20Orders.map((id) => userOrdersRequest(tokens, id));
  const rotation = Array.from({ length: ROTATION_DOCUMENTS }, (_, k) => userOrdersRequest(tokens, usersWith20Orders[k % usersWith20Orders.length], `r${k}`));
  // the samples of the never-repeated workload: documents of their own, never in the load
  const uniqueSamples = usersWith20Orders.map((id, k) => userOrdersRequest(tokens, id, `s${k}`));
  const profile = users.map((id) => ({ method: 'GET', path: `/api/users/${id}`, headers: { authorization: tokens[id] }, check: checkProfile(id) }));
  return [
    { id: 'gateway-dashboard', label: 'gateway: dashboard', server: 'gateway', baseline: 'baseline-dashboard', graphql: true, requests: dashboard },
    { id: 'baseline-dashboard', label: 'baseline: dashboard (node:http + undici)', server: 'dashboardBaseline', requests: dashboard },
    { id: 'gateway-user-orders', label: 'gateway: user + 20 orders (+ order.user)', server: 'gateway', baseline: 'baseline-user-orders', graphql: true, requests: userOrders },
    { id: 'baseline-user-orders', label: 'baseline: user + 20 orders', server: 'dashboardBaseline', requests: userOrders },
    {
      id: 'gateway-user-orders-rotation',
      label: `gateway: user + 20 orders, ${ROTATION_DOCUMENTS} documents in rotation`,
      server: 'gateway',
      baseline: 'baseline-user-orders',
      cached: 'gateway-user-orders',
      graphql: true,
      requests: rotation,
    },
    {
      id: 'gateway-user-orders-unique',
      label: 'gateway: user + 20 orders, never-repeated document',
      server: 'gateway',
      baseline: 'baseline-user-orders',
      cached: 'gateway-user-orders',
      graphql: true,
      requests: uniqueSamples,
      unique: uniqueTemplates(tokens, usersWith20Orders),
    },
    { id: 'gateway-passthrough', label: 'gateway: passthrough GET /api/users/:id', server: 'gateway', baseline: 'baseline-proxy', requests: profile },
    { id: 'baseline-proxy', label: 'baseline: undici proxy', server: 'proxyBaseline', requests: profile },
  ];
}
