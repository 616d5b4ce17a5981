// Starts the processes under test: reference upstreams (counted), the gateway and the baselines,
// each in its own process, pinned per the layout. Everything here is stopped by stack.stop().
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { freePort, sleep, startNode, stopProcess, waitForHttp } from './processes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bench = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
/**
 * --gc-pauses: every contender counts its garbage-collection pauses (read per measured window).
 * Observing GC costs the gateway ~15-20 % of its throughput here, so it is off by default.
 */
const GC_PROBE = ['--require', fileURLToPath(new URL('./gc-probe.cjs', import.meta.url))];

/** The node flags `npm start` runs the gateway with (package.json), so the bench measures the same process. */
const GATEWAY_NODE_FLAGS = JSON.parse(readFileSync(`${root}package.json`, 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((word) => word.startsWith('--'));

/** Only what the child needs: no inherited REDIS_URL, JWKS_URL, NODE_OPTIONS or the like. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? root, NODE_ENV: 'production' });

/**
 * `need` picks which servers to start ({ gateway, dashboardBaseline, proxyBaseline }, and `against`:
 * the root of another checkout whose gateway runs beside this one);
 * `nodeArgs[server]` go before that server's script (e.g. --cpu-prof). Resolves with
 * { upstreams: {proc, urls, users}, servers: { name → {proc, url} }, stop() }.
 */
/** --tracing: the gateway's OTEL_* settings (the sink is started by startStack). */
const TRACING_ENV = {
  off: () => ({}),
  'sampled-out': (endpoint) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER: 'always_off' }),
  on: (endpoint) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER: 'always_on' }),
};

export async function startStack({ layout, secret, need, extraUsers, againstEnv = {}, againstNodeFlags, nodeArgs = {}, gcPauses = false, tracing = 'off', gatewayEnv = {} }) {
  const probe = gcPauses ? GC_PROBE : [];
  const procs = [];
  const stop = async () => {
    for (const proc of procs.reverse()) await stopProcess(proc);
  };
  try {
    const upstreamsProc = startNode('upstreams', [bench('upstreams.mjs')], {
      env: { ...baseEnv(), BENCH_EXTRA_USERS: String(extraUsers) },
      core: layout.loadCore,
      layout,
    });
    procs.push(upstreamsProc);
    const { urls, users } = await upstreamsProc.ready();
    const upstreamEnv = { USERS_URL: urls.users, ORDERS_URL: urls.orders, CART_URL: urls.cart, JWT_SECRET: secret };
    const servers = {};
    let tracingEnv = {};
    if (tracing !== 'off') {
      // a local OTLP/HTTP receiver on the load core: it counts the spans it is sent
      const sinkPort = await freePort();
      const sink = startNode('otlp-sink', [`${root}scripts/otlp-sink.mjs`, String(sinkPort)], { env: baseEnv(), core: layout.loadCore, layout });
      procs.push(sink);
      await waitForListening(sinkPort);
      tracingEnv = TRACING_ENV[tracing](`http://127.0.0.1:${sinkPort}`);
    }

    const startGateway = async (name, gatewayRoot, extraEnv = {}, nodeFlags = GATEWAY_NODE_FLAGS) => {
      const port = await freePort();
      const proc = startNode(name, [...probe, ...(nodeArgs[name] ?? []), ...nodeFlags, `${gatewayRoot}dist/main.js`], {
        // the gateway's defaults (production mode, LOG_LEVEL=info, PASSTHROUGH_RATE_LIMIT=300): the
        // crowd of users keeps every one of them under the per-user limits
        env: { ...baseEnv(), ...upstreamEnv, ...tracingEnv, ...gatewayEnv, ...extraEnv, HOST: '127.0.0.1', PORT: String(port) },
        core: layout.contenderCore,
        layout,
        gcProbe: gcPauses,
        discardStdout: true,
      });
      procs.push(proc);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(proc, `${url}/healthz`);
      servers[name] = { proc, url };
    };
    if (need.gateway) await startGateway('gateway', root);
    if (need.against !== undefined) await startGateway('against', `${need.against}/`, againstEnv, againstNodeFlags);
    for (const [name, file] of [
      ['dashboardBaseline', 'baseline-dashboard.mjs'],
      ['proxyBaseline', 'baseline-proxy.mjs'],
    ]) {
      if (!need[name]) continue;
      const proc = startNode(name, [...probe, ...(nodeArgs[name] ?? []), bench(file)], {
        env: { ...baseEnv(), ...upstreamEnv, PORT: '0' },
        core: layout.contenderCore,
        layout,
        gcProbe: gcPauses,
      });
      procs.push(proc);
      const { url } = await proc.ready();
      servers[name] = { proc, url };
    }
    return { upstreams: { proc: upstreamsProc, urls, users }, servers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port (10 s at most). */
async function waitForListening(port) {
  for (let i = 0; i < 100; i += 1) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on port ${port}`);
}
