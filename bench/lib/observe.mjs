// What the bench reads from the processes under test: the upstreams' request counters and the
// gateway's own Prometheus counters.
import { request } from 'undici';

const SERVICES = ['users', 'orders', 'cart'];

async function json(url, method = 'GET') {
  const { statusCode, body } = await request(url, { method });
  if (statusCode === 204) {
    await body.dump();
    return undefined;
  }
  if (statusCode !== 200) throw new Error(`${method} ${url} answered ${statusCode}`);
  return body.json();
}

export const resetUpstreamCounts = (urls) => Promise.all(SERVICES.map((name) => json(`${urls[name]}/__count`, 'DELETE')));

/** `{ total, users: {count, routes}, orders: ..., cart: ... }` since the last reset. */
export async function upstreamCounts(urls) {
  const counts = await Promise.all(SERVICES.map((name) => json(`${urls[name]}/__count`)));
  const byService = Object.fromEntries(counts.map((c) => [c.service, { count: c.count, routes: c.routes }]));
  return { total: counts.reduce((sum, c) => sum + c.count, 0), ...byService };
}

/** Upstream calls per operation: counts taken around `work`, which sends `operations` requests one at a time. */
export async function callsPerOperation(urls, operations, work) {
  await resetUpstreamCounts(urls);
  const result = await work();
  const counts = await upstreamCounts(urls);
  const per = (n) => Math.round((n / operations) * 100) / 100;
  const routes = {};
  for (const name of SERVICES) for (const [route, n] of Object.entries(counts[name].routes)) routes[route] = per(n);
  return { result, calls: { total: per(counts.total), users: per(counts.users.count), orders: per(counts.orders.count), cart: per(counts.cart.count), routes } };
}

/**
 * Sums of the gateway's counters that tell about failures: GraphQL operations by outcome and
 * rate-limit refusals. Missing metrics read as 0; an unreachable /metrics gives null.
 */
export async function gatewayCounters(baseUrl) {
  let text;
  try {
    const { statusCode, body } = await request(`${baseUrl}/metrics`);
    text = await body.text();
    if (statusCode !== 200) return null;
  } catch {
    return null;
  }
  const sums = { ok: 0, partial: 0, error: 0, rateLimited: 0 };
  for (const line of text.split('\n')) {
    if (line.startsWith('gateway_graphql_operations_total{')) {
      const outcome = /outcome="([^"]+)"/.exec(line)?.[1];
      if (outcome !== undefined) sums[outcome] = (sums[outcome] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    } else if (line.startsWith('gateway_rate_limited_total')) {
      sums.rateLimited += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sums;
}

/** Difference of two gatewayCounters() readings (null when either is). */
export function counterDelta(before, after) {
  if (before === null || after === null) return null;
  const delta = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) delta[key] = (after[key] ?? 0) - (before[key] ?? 0);
  return delta;
}

/**
 * The gateway's V8 heap in use and its old space in use (MiB), from its default process metrics;
 * null where the gateway does not answer. The old space is what a leak fills: the whole heap also
 * counts the young generation, which swings by up to the semi-space size between scavenges.
 */
export async function gatewayHeapMiB(baseUrl) {
  try {
    const { body } = await request(`${baseUrl}/metrics`);
    const text = (await body.text()).split('\n');
    // prom-client's default metrics under the gateway's prefix (gateway_nodejs_… or gateway_process_nodejs_…)
    const value = (pattern) => {
      const line = text.find((l) => pattern.test(l));
      return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1)) / 1_048_576;
    };
    return {
      heapUsedMiB: value(/^gateway_(process_)?nodejs_heap_size_used_bytes /),
      oldSpaceMiB: value(/^gateway_(process_)?nodejs_heap_space_size_used_bytes\{space="old"\} /),
    };
  } catch {
    return { heapUsedMiB: null, oldSpaceMiB: null };
  }
}
