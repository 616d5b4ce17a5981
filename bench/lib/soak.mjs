// --soak: a long closed-loop run on the dashboard, reading the gateway's RSS (and V8 heap in use)
// every few seconds, and judging whether memory still climbs once the warm-up is over.
import { runLoad, sample } from './load.mjs';
import { gatewayHeapUsedMiB } from './observe.mjs';
import { rssMiB, waitForQuiet } from './processes.mjs';

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? null : num / den;
}

const perMinute = (points, key) => {
  const s = slope(points.filter((p) => p[key] !== null).map((p) => ({ x: p.t / 60, y: p[key] })));
  return s === null ? null : Math.round(s * 100) / 100;
};

/** Upward: RSS still grows by more than 1 MiB a minute over the second half of the window. */
export const UPWARD_MIB_PER_MIN = 1;

export async function soak({ contender, server, settings, log }) {
  const { connections, warmupSeconds, soakSeconds, intervalSeconds } = settings;
  if (settings.quietWaitSeconds > 0) await waitForQuiet(settings.quietWaitSeconds);
  log(`soak: ${warmupSeconds} s warm-up, then ${soakSeconds} s at ${connections} connections; RSS every ${intervalSeconds} s`);
  if (warmupSeconds > 0) await runLoad({ baseUrl: server.url, requests: contender.requests, connections, seconds: warmupSeconds });
  const points = [];
  const started = performance.now();
  const read = async () => {
    const point = { t: Math.round((performance.now() - started) / 100) / 10, rssMiB: rssMiB(server.proc.pid), heapUsedMiB: await gatewayHeapUsedMiB(server.url) };
    point.rssMiB = point.rssMiB === null ? null : Math.round(point.rssMiB * 10) / 10;
    point.heapUsedMiB = point.heapUsedMiB === null ? null : Math.round(point.heapUsedMiB * 10) / 10;
    points.push(point);
    log(`  t=${String(point.t).padStart(5)} s  RSS ${point.rssMiB} MiB  heap used ${point.heapUsedMiB} MiB`);
  };
  await read();
  const timer = setInterval(() => void read(), intervalSeconds * 1000);
  const load = await runLoad({ baseUrl: server.url, requests: contender.requests, connections, seconds: soakSeconds }).finally(() => clearInterval(timer));
  await read();
  const after = await sample(server.url, contender.requests, settings.samples);
  const secondHalf = points.filter((p) => p.t >= soakSeconds / 2);
  const rssSecondHalf = perMinute(secondHalf, 'rssMiB');
  const result = {
    rps: Math.round(load.rps),
    p50: load.latencyMs.p50,
    p99: load.latencyMs.p99,
    non2xx: load.non2xx,
    socketErrors: load.errors + load.timeouts,
    badSamplesAfter: after.bad,
    points,
    rssSlopeMiBPerMin: perMinute(points, 'rssMiB'),
    rssSlopeSecondHalfMiBPerMin: rssSecondHalf,
    heapSlopeMiBPerMin: perMinute(points, 'heapUsedMiB'),
    upwardTrend: rssSecondHalf === null ? null : rssSecondHalf > UPWARD_MIB_PER_MIN,
  };
  return result;
}

export function soakMarkdown(r, settings) {
  const lines = [
    `${settings.soakSeconds} s on the dashboard at ${settings.connections} connections after ${settings.warmupSeconds} s warm-up: ${r.rps} req/s, p50 ${r.p50?.toFixed(2)} ms, p99 ${r.p99?.toFixed(2)} ms, non-2xx ${r.non2xx}, socket errors ${r.socketErrors}, bad samples after ${r.badSamplesAfter}.`,
    '',
    '| t (s) | RSS MiB | heap used MiB |',
    '|---:|---:|---:|',
    ...r.points.map((p) => `| ${p.t} | ${p.rssMiB ?? 'n/a'} | ${p.heapUsedMiB ?? 'n/a'} |`),
    '',
    `RSS slope: ${r.rssSlopeMiBPerMin} MiB/min over the window, ${r.rssSlopeSecondHalfMiBPerMin} MiB/min over its second half; heap used slope ${r.heapSlopeMiBPerMin} MiB/min.`,
    `Upward trend after warm-up (second-half RSS slope > ${UPWARD_MIB_PER_MIN} MiB/min): ${r.upwardTrend === null ? 'n/a' : r.upwardTrend ? 'YES' : 'no'}.`,
  ];
  return lines.join('\n');
}
