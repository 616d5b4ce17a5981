// One measured run of one contender: sample + upstream calls per operation, warm-up, measured
// window (with CPU and gateway counters around it), RSS, sample again.
import { runLoad, sample } from './load.mjs';
import { callsPerOperation, counterDelta, gatewayCounters } from './observe.mjs';
import { childrenCpuSeconds, coreBusySeconds, cpuSeconds, machineBusySeconds, rssMiB, waitForQuiet } from './proc-stats.mjs';

const round1 = (x) => (x === null || x === undefined ? x : Math.round(x * 10) / 10);

/** CPU seconds of the contender, of the upstreams and of the load side (this process and its finished wrk runs). */
function cpuReading(contenderPid, upstreamsPid) {
  const self = process.cpuUsage();
  return {
    contender: cpuSeconds(contenderPid),
    upstreams: cpuSeconds(upstreamsPid),
    bench: (self.user + self.system) / 1e6 + (childrenCpuSeconds(process.pid) ?? 0),
    machine: machineBusySeconds(),
    cores: coreBusySeconds(),
    at: performance.now(),
  };
}

function cpuPercent(a, b) {
  const wall = (b.at - a.at) / 1000;
  const pct = (x, y) => (x === null || y === null ? null : round1(((y - x) / wall) * 100));
  const ours = (r) => (r.contender === null || r.upstreams === null ? null : r.contender + r.upstreams + r.bench);
  // CPU the rest of the machine used meanwhile (other processes): a run with much of it is suspect.
  const foreign = a.machine === null || ours(a) === null ? null : Math.max(0, round1((((b.machine - a.machine) - (ours(b) - ours(a))) / wall) * 100));
  return {
    contender: pct(a.contender, b.contender),
    upstreams: pct(a.upstreams, b.upstreams),
    bench: pct(a.bench, b.bench),
    loadSide: a.upstreams === null || b.upstreams === null ? null : pct(a.upstreams + a.bench, b.upstreams + b.bench),
    foreign,
    // how busy each core was, whoever used it: a load core near 100 % caps the contender
    cores: b.cores.map((busy, i) => pct(a.cores[i] ?? null, busy)),
  };
}

/** The window's GC pauses: % of its wall time, scavenges and their longest pause, old-generation pauses. */
function gcSummary(pauses, windowMs) {
  if (pauses === null) return null;
  const { minor, major } = pauses;
  return {
    pausedPct: round1(((minor.ms + major.ms) / windowMs) * 100),
    scavenges: minor.count,
    longestScavengeMs: round1(minor.maxMs),
    oldGenerationMs: round1(major.ms),
    longestPauseMs: round1(Math.max(minor.maxMs, major.maxMs)),
    longestLoopStallMs: round1(pauses.loop.maxMs),
  };
}

/**
 * Runs `contender` against `server` ({proc, url}); `settings` has warmupSeconds, measureSeconds,
 * connections, samples. `onWindow(startHr, endHr)` is told the measured window (profiling).
 */
export async function measureContender({ contender, server, upstreams, settings, onWindow }) {
  const { samples, connections } = settings;
  const quiet = settings.quietWaitSeconds > 0 ? await waitForQuiet(settings.quietWaitSeconds) : null;
  const load = (seconds) => runLoad({ baseUrl: server.url, contender, connections, seconds, generator: settings.generator, core: settings.loadCore });
  const before = await callsPerOperation(upstreams.urls, samples, () => sample(server.url, contender.requests, samples));

  const warmup = settings.warmupSeconds > 0 ? await load(settings.warmupSeconds) : null;

  const counters0 = contender.graphql ? await gatewayCounters(server.url) : null;
  await server.proc.gcPauses(); // from here on, the pauses of the measured window
  const cpu0 = cpuReading(server.proc.pid, upstreams.proc.pid);
  const start = process.hrtime.bigint();
  const measured = await load(settings.measureSeconds);
  const end = process.hrtime.bigint();
  const cpu1 = cpuReading(server.proc.pid, upstreams.proc.pid);
  const rss = rssMiB(server.proc.pid);
  const gcPauses = await server.proc.gcPauses();
  const counters1 = contender.graphql ? await gatewayCounters(server.url) : null;
  onWindow?.(start, end);

  const after = await sample(server.url, contender.requests, samples);
  const gateway = counterDelta(counters0, counters1);
  return {
    rps: round1(measured.rps),
    requests: measured.requests,
    latencyMs: Object.fromEntries(Object.entries(measured.latencyMs).map(([k, v]) => [k, k === 'count' ? v : v === null ? null : Math.round(v * 100) / 100])),
    non2xx: measured.non2xx,
    socketErrors: measured.errors + measured.timeouts,
    statusCodes: measured.statusCodes,
    graphqlErrorsInSamples: before.result.graphqlErrors + after.graphqlErrors,
    badSamples: before.result.bad + after.bad,
    sampleProblems: [...before.result.problems, ...after.problems].slice(0, 3),
    samplesTaken: 2 * samples,
    gatewayOutcomes: gateway,
    rssMiB: round1(rss),
    cpuPercent: cpuPercent(cpu0, cpu1),
    // the figure that holds across noisy runs: what one request costs the contender
    cpuMsPerRequest: cpu0.contender === null || cpu1.contender === null || measured.requests === 0 ? null : Math.round(((cpu1.contender - cpu0.contender) * 1e6) / measured.requests) / 1000,
    gc: gcSummary(gcPauses, Number(end - start) / 1e6),
    upstreamCallsPerOperation: before.calls,
    quietBefore: quiet,
    warmup: warmup === null ? null : { rps: round1(warmup.rps), non2xx: warmup.non2xx, socketErrors: warmup.errors + warmup.timeouts },
  };
}
