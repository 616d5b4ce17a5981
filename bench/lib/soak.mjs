// --soak: a long closed-loop run on one contender (the dashboard unless --only names another), reading the gateway's RSS and V8 heap (all of it,
// and its old space) every few seconds, and judging whether memory still climbs after the warm-up.
import { runLoad, sample } from './load.mjs';
import { gatewayHeapMiB } from './observe.mjs';
import { rssMiB, waitForQuiet } from './proc-stats.mjs';

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

/**
 * Upward, either of:
 * - RSS: over the second half of the window it climbs by more than 5 MiB a minute and the median of
 *   the last third is more than 5 % above the middle third's (at a steady state RSS moves by a few
 *   MiB either way, so smaller moves are noise in a minute);
 * - heap: the lowest old-space reading of the last third (what survives full GCs) is more than
 *   max(10 MiB, 20 %) above the middle third's: JS objects pile up. The old space grows between
 *   full GCs and drops at each; a reading every 5 s catches a trough only now and then, hence the
 *   wide margin. (The whole heap in use is no guide: it also counts the young generation, which
 *   fills and empties by up to the semi-space size between scavenges.)
 */
export const RSS_SLOPE_MIB_PER_MIN = 5;
export const RSS_THIRDS_PCT = 5;
export const HEAP_TROUGH_MIB = 10;

const medianOf = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return v.length === 0 ? null : v[Math.floor(v.length / 2)];
};
const minOf = (xs) => {
  const v = xs.filter((x) => x !== null);
  return v.length === 0 ? null : Math.min(...v);
};

/** Slopes, thirds and the verdict for readings `points` ({t, rssMiB, heapUsedMiB, oldSpaceMiB}) over `soakSeconds`. */
export function judgeMemory(points, soakSeconds) {
  const secondHalf = points.filter((p) => p.t >= soakSeconds / 2);
  const rssSecondHalf = perMinute(secondHalf, 'rssMiB');
  const middle = points.filter((p) => p.t >= soakSeconds / 3 && p.t < (2 * soakSeconds) / 3);
  const last = points.filter((p) => p.t >= (2 * soakSeconds) / 3);
  const thirds = {
    rssMedianMiddle: medianOf(middle.map((p) => p.rssMiB)),
    rssMedianLast: medianOf(last.map((p) => p.rssMiB)),
    // the old space's troughs are what survives full GCs: they climb when JS objects leak
    oldSpaceMinMiddle: minOf(middle.map((p) => p.oldSpaceMiB)),
    oldSpaceMinLast: minOf(last.map((p) => p.oldSpaceMiB)),
  };
  const thirdsGrowthPct =
    thirds.rssMedianMiddle === null || thirds.rssMedianLast === null ? null : Math.round(((thirds.rssMedianLast - thirds.rssMedianMiddle) / thirds.rssMedianMiddle) * 1000) / 10;
  const rssUpward = rssSecondHalf === null || thirdsGrowthPct === null ? null : rssSecondHalf > RSS_SLOPE_MIB_PER_MIN && thirdsGrowthPct > RSS_THIRDS_PCT;
  const { oldSpaceMinMiddle, oldSpaceMinLast } = thirds;
  const heapUpward = oldSpaceMinMiddle === null || oldSpaceMinLast === null ? null : oldSpaceMinLast - oldSpaceMinMiddle > Math.max(HEAP_TROUGH_MIB, oldSpaceMinMiddle * 0.2);
  return {
    rssSlopeMiBPerMin: perMinute(points, 'rssMiB'),
    rssSlopeSecondHalfMiBPerMin: rssSecondHalf,
    heapSlopeMiBPerMin: perMinute(points, 'heapUsedMiB'),
    oldSpaceSlopeMiBPerMin: perMinute(points, 'oldSpaceMiB'),
    thirds,
    rssGrowthLastVsMiddleThirdPct: thirdsGrowthPct,
    rssUpward,
    heapUpward,
    upwardTrend: rssUpward === null && heapUpward === null ? null : Boolean(rssUpward || heapUpward),
  };
}

export async function soak({ contender, server, settings, log }) {
  const { connections, warmupSeconds, soakSeconds, intervalSeconds } = settings;
  if (settings.quietWaitSeconds > 0) await waitForQuiet(settings.quietWaitSeconds);
  log(`soak: ${warmupSeconds} s warm-up, then ${soakSeconds} s at ${connections} connections; RSS every ${intervalSeconds} s`);
  if (warmupSeconds > 0) await runLoad({ baseUrl: server.url, contender, connections, seconds: warmupSeconds, generator: settings.generator, core: settings.loadCore });
  const points = [];
  const started = performance.now();
  const read = async () => {
    const t = Math.round((performance.now() - started) / 100) / 10;
    const rss = rssMiB(server.proc.pid);
    const heap = await gatewayHeapMiB(server.url);
    const round = (mib) => (mib === null ? null : Math.round(mib * 10) / 10);
    const point = { t, rssMiB: round(rss), heapUsedMiB: round(heap.heapUsedMiB), oldSpaceMiB: round(heap.oldSpaceMiB) };
    points.push(point);
    log(`  t=${String(point.t).padStart(5)} s  RSS ${point.rssMiB} MiB  heap used ${point.heapUsedMiB} MiB  old space ${point.oldSpaceMiB} MiB`);
  };
  await read();
  const timer = setInterval(() => void read(), intervalSeconds * 1000);
  const load = await runLoad({ baseUrl: server.url, contender, connections, seconds: soakSeconds, generator: settings.generator, core: settings.loadCore }).finally(() => clearInterval(timer));
  await read();
  const after = await sample(server.url, contender.requests, settings.samples);
  const result = {
    rps: Math.round(load.rps),
    p50: load.latencyMs.p50,
    p99: load.latencyMs.p99,
    non2xx: load.non2xx,
    socketErrors: load.errors + load.timeouts,
    badSamplesAfter: after.bad,
    points,
    label: contender.label,
    // the flatness rule: RSS within 50 MiB over the whole window after warm-up
    rssSpreadMiB: spread(points.map((p) => p.rssMiB)),
    ...judgeMemory(points, soakSeconds),
  };
  return result;
}

const spread = (xs) => {
  const v = xs.filter((x) => x !== null);
  return v.length === 0 ? null : Math.round((Math.max(...v) - Math.min(...v)) * 10) / 10;
};

const yesNo = (b) => (b === null ? 'n/a' : b ? 'yes' : 'no');

export function soakMarkdown(r, settings) {
  const lines = [
    `${settings.soakSeconds} s on ${r.label} at ${settings.connections} connections after ${settings.warmupSeconds} s warm-up: ${r.rps} req/s, p50 ${r.p50?.toFixed(2)} ms, p99 ${r.p99?.toFixed(2)} ms, non-2xx ${r.non2xx}, socket errors ${r.socketErrors}, bad samples after ${r.badSamplesAfter}.`,
    '',
    '| t (s) | RSS MiB | heap used MiB | old space MiB |',
    '|---:|---:|---:|---:|',
    ...r.points.map((p) => `| ${p.t} | ${p.rssMiB ?? 'n/a'} | ${p.heapUsedMiB ?? 'n/a'} | ${p.oldSpaceMiB ?? 'n/a'} |`),
    '',
    `RSS slope: ${r.rssSlopeMiBPerMin} MiB/min over the window, ${r.rssSlopeSecondHalfMiBPerMin} MiB/min over its second half; heap used slope ${r.heapSlopeMiBPerMin} MiB/min, old space ${r.oldSpaceSlopeMiBPerMin} MiB/min.`,
    `RSS median of the last third ${r.thirds.rssMedianLast} MiB vs the middle third ${r.thirds.rssMedianMiddle} MiB (${r.rssGrowthLastVsMiddleThirdPct}%); lowest old space in the middle third ${r.thirds.oldSpaceMinMiddle} MiB, in the last ${r.thirds.oldSpaceMinLast} MiB.`,
    `RSS spread after warm-up (max - min): ${r.rssSpreadMiB} MiB (flat: within 50 MiB: ${r.rssSpreadMiB === null ? 'n/a' : r.rssSpreadMiB <= 50 ? 'yes' : 'NO'}).`,
    `Upward trend after warm-up: ${r.upwardTrend === null ? 'n/a' : r.upwardTrend ? 'YES' : 'no'} (RSS rule: second-half slope > ${RSS_SLOPE_MIB_PER_MIN} MiB/min and last third > middle third by ${RSS_THIRDS_PCT}%: ${yesNo(r.rssUpward)}; heap rule: lowest old space of the last third > the middle third's by max(${HEAP_TROUGH_MIB} MiB, 20%): ${yesNo(r.heapUpward)}).`,
  ];
  return lines.join('\n');
}
