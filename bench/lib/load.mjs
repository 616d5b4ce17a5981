// Closed-loop load (fixed connections, one request in flight on each): wrk when it is installed,
// autocannon (in this process, so on the load core's budget) only as a flagged fallback; plus the
// small sequential samples that check bodies, which neither load generator reads.
import autocannon from 'autocannon';
import { request } from 'undici';
import { hasWrk, runWrk } from './wrk.mjs';

/** 'wrk' when Debian's wrk is installed, else 'autocannon' (flagged in the report). */
export const chooseGenerator = (wanted) => (wanted === 'autocannon' || !hasWrk() ? 'autocannon' : 'wrk');

/**
 * `seconds` of load on `baseUrl` from `contender` (its `requests`, or its `unique` templates with
 * wrk); `generator` and `core` (where wrk runs) come from the bench's settings.
 */
export function runLoad({ baseUrl, contender, connections, seconds, generator, core }) {
  if (generator === 'wrk') {
    const unique = contender.unique !== undefined;
    return runWrk({ baseUrl, requests: unique ? contender.unique : contender.requests, unique, connections, seconds, core });
  }
  return runAutocannon({ baseUrl, requests: contender.requests, connections, seconds });
}

/** Exact latency percentiles: autocannon's own histogram keeps whole milliseconds only. */
class LatencyRecorder {
  values = new Float64Array(1 << 16);
  length = 0;
  push(ms) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = ms;
  }
  summary() {
    const sorted = this.values.subarray(0, this.length).sort();
    const at = (q) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    let sum = 0;
    for (const v of sorted) sum += v;
    return { count: sorted.length, mean: sorted.length ? sum / sorted.length : null, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
  }
}

/**
 * Runs `seconds` of closed-loop load on `baseUrl` cycling through `requests`; resolves with
 * throughput, latency (ms, all responses) and failure counts.
 */
function runAutocannon({ baseUrl, requests, connections, seconds }) {
  const latencies = new LatencyRecorder();
  const list = requests.map(({ method, path, headers, body }) => ({ method, path, headers, body: body === undefined ? undefined : Buffer.from(body) }));
  // One dynamic request that takes the next user's each time, across all connections. (Handing
  // autocannon the whole list instead makes every connection pre-build every request: with 50
  // connections and 1040 users that stalls the first responses for a second.)
  let next = 0;
  const rotating = {
    setupRequest: (req) => {
      const { method, path, headers, body } = list[next++ % list.length];
      return { ...req, method, path, headers: { ...headers }, body };
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, connections, pipelining: 1, duration: seconds, timeout: 10, requests: [rotating] },
      (err, result) => {
        if (err) return reject(err);
        const completed = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
        resolve({
          seconds: result.duration,
          requests: completed,
          rps: completed / result.duration,
          latencyMs: latencies.summary(),
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
          errors: result.errors,
          timeouts: result.timeouts,
          resets: result.resets,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/**
 * Sends `n` requests one after another, spread over the rotation, and judges each body with the
 * request's `check`. Resolves with counts and the first few problems.
 */
export async function sample(baseUrl, requests, n) {
  const stride = Math.max(1, Math.floor(requests.length / n));
  const result = { n, non2xx: 0, graphqlErrors: 0, bad: 0, problems: [] };
  for (let i = 0; i < n; i += 1) {
    const req = requests[(i * stride) % requests.length];
    const { statusCode, body } = await request(baseUrl + req.path, { method: req.method, headers: req.headers, body: req.body });
    const text = await body.text();
    const verdict = req.check(statusCode, text);
    if (statusCode < 200 || statusCode > 299) result.non2xx += 1;
    if (verdict.graphqlErrors) result.graphqlErrors += 1;
    if (!verdict.ok) {
      result.bad += 1;
      if (result.problems.length < 3) result.problems.push({ path: req.path, status: statusCode, problem: verdict.problem, body: verdict.body });
    }
  }
  return result;
}
