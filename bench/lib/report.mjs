// Rounds → one row per contender (medians across rounds), ratios to the baselines, the targets of
// the performance issue, and the markdown table printed at the end of a run.

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + (b ?? 0), 0);
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);

/** One row per contender: medians across rounds, sums of failures, last RSS and calls per operation. */
export function summarize(contenders, runs) {
  const rows = contenders.map((c) => {
    const mine = runs.filter((r) => r.contender === c.id).map((r) => r.result);
    const last = mine.at(-1);
    const gatewayErrors = mine.map((r) => (r.gatewayOutcomes ? r.gatewayOutcomes.partial + r.gatewayOutcomes.error : null));
    const counted = c.graphql && gatewayErrors.every((n) => n !== null);
    return {
      id: c.id,
      label: c.label,
      baseline: c.baseline ?? null,
      baselineNote: c.baselineNote ?? null,
      rounds: mine.length,
      rps: median(mine.map((r) => r.rps)),
      rpsRounds: mine.map((r) => r.rps),
      p50: median(mine.map((r) => r.latencyMs.p50)),
      p99: median(mine.map((r) => r.latencyMs.p99)),
      non2xx: sum(mine.map((r) => r.non2xx)),
      socketErrors: sum(mine.map((r) => r.socketErrors)),
      graphqlErrorsInSamples: sum(mine.map((r) => r.graphqlErrorsInSamples)),
      samplesTaken: sum(mine.map((r) => r.samplesTaken)),
      badSamples: sum(mine.map((r) => r.badSamples)),
      // null when not GraphQL or when /metrics could not be read
      graphqlErrorsCountedByGateway: counted ? sum(gatewayErrors) : null,
      rateLimitedByGateway: counted ? sum(mine.map((r) => r.gatewayOutcomes.rateLimited)) : null,
      rssMiB: last?.rssMiB ?? null,
      rssRounds: mine.map((r) => r.rssMiB),
      upstreamCallsPerOperation: last?.upstreamCallsPerOperation ?? null,
      cpuMsPerRequest: median(mine.map((r) => r.cpuMsPerRequest)),
      cached: c.cached ?? null,
      cpuContender: median(mine.map((r) => r.cpuPercent.contender)),
      cpuLoadSide: median(mine.map((r) => r.cpuPercent.loadSide)),
      cpuForeign: median(mine.map((r) => r.cpuPercent.foreign)),
      coreBusy: (last?.cpuPercent.cores ?? []).map((_, i) => median(mine.map((r) => r.cpuPercent.cores[i] ?? null))),
      gcPausedPct: median(mine.map((r) => r.gc?.pausedPct ?? null)),
      gcLongestScavengeMs: median(mine.map((r) => r.gc?.longestScavengeMs ?? null)),
      gcLongestPauseMs: median(mine.map((r) => r.gc?.longestPauseMs ?? null)),
      longestLoopStallMs: median(mine.map((r) => r.gc?.longestLoopStallMs ?? null)),
    };
  });
  for (const row of rows) {
    const base = rows.find((r) => r.id === row.baseline);
    row.vsBaseline = base ? { rps: ratio(row.rps, base.rps), p50: ratio(row.p50, base.p50), p99: ratio(row.p99, base.p99), cpu: ratio(row.cpuMsPerRequest, base.cpuMsPerRequest) } : null;
    const cached = rows.find((r) => r.id === row.cached);
    row.cpuVsCached = cached ? ratio(row.cpuMsPerRequest, cached.cpuMsPerRequest) : null;
  }
  return rows;
}

const check = (label, ok, detail) => ({ label, ok, detail });

const atLeast = (label, x, min, floor) =>
  check(label, x === null || x === undefined ? null : x >= min, `${x}x${x !== null && x !== undefined && x < min && floor !== undefined ? (x >= floor ? ` (above the ${floor}x floor)` : ` (below the ${floor}x floor)`) : ''}`);
const atMost = (label, x, max) => check(label, x === null || x === undefined ? null : x <= max, `${x}x`);

/** The performance issue's targets, each with pass/fail (null when the figure is missing). */
export function targets(rows) {
  const get = (id) => rows.find((r) => r.id === id);
  const out = [];
  const dash = get('gateway-dashboard');
  if (dash?.vsBaseline) {
    out.push(atLeast('dashboard throughput >= 0.75x hand-written aggregator (floor 0.6x)', dash.vsBaseline.rps, 0.75, 0.6));
    out.push(atMost('dashboard p99 <= 1.5x', dash.vsBaseline.p99, 1.5));
  }
  const orders = get('gateway-user-orders');
  if (orders?.vsBaseline) out.push(atLeast('user + 20 orders throughput >= 0.75x', orders.vsBaseline.rps, 0.75));
  const pass = get('gateway-passthrough');
  if (pass?.vsBaseline) out.push(atLeast('passthrough throughput >= 0.85x hand-written undici proxy', pass.vsBaseline.rps, 0.85));
  for (const id of ['gateway-user-orders-unique', 'gateway-user-orders-rotation']) {
    const row = get(id);
    if (row?.cpuVsCached !== null && row?.cpuVsCached !== undefined) out.push(atMost(`${row.label}: CPU per request <= 2x the cached document's`, row.cpuVsCached, 2));
  }
  if (dash?.upstreamCallsPerOperation) {
    const calls = dash.upstreamCallsPerOperation.total;
    out.push(check('exactly 3 upstream calls per dashboard', calls === 3, `${calls}`));
  }
  for (const row of rows.filter((r) => r.id.startsWith('gateway-user-orders') && r.upstreamCallsPerOperation)) {
    const calls = row.upstreamCallsPerOperation.total;
    out.push(check(`2 upstream calls per 20-orders query (${row.id.replace('gateway-', '')})`, calls === 2, `${calls}`));
  }
  const gatewayRows = rows.filter((r) => r.id.startsWith('gateway-'));
  if (gatewayRows.length > 0) {
    const errors = sum(gatewayRows.map((r) => r.non2xx + r.socketErrors + r.graphqlErrorsInSamples + r.badSamples + (r.graphqlErrorsCountedByGateway ?? 0)));
    out.push(check('zero errors (non-2xx, socket, GraphQL, bad samples)', errors === 0, `${errors}`));
  }
  return out;
}

const fmt = (x, digits = 1) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const times = (x) => (x === null || x === undefined ? '' : ` (${x.toFixed(2)}x)`);

/** The markdown table (and the targets under it) as printed and pasted into docs/performance.md. */
export function markdown(rows, checks, { connections, warmupSeconds, firstWarmupSeconds, measureSeconds, rounds, generator }) {
  // --gc-pauses only
  const withGc = rows.some((r) => r.gcPausedPct !== null);
  const lines = [
    `Load: ${generator === 'wrk' ? 'wrk (one thread)' : 'autocannon in the bench process (FALLBACK: wrk not installed; the load core caps the baselines, ratios are flattered)'}, ${connections} connections, ${warmupSeconds} s warm-up (${firstWarmupSeconds} s before a server's first contender) + ${measureSeconds} s measured per run, ${rounds} round(s); figures are medians across rounds, ratios are gateway / baseline.`,
    '',
    `| contender | req/s | req/s per round | CPU ms/req | p50 ms | p99 ms | non-2xx | socket errors | GraphQL errors | RSS MiB | upstream calls/op | CPU % contender / load / other | cores busy % |${withGc ? ' GC paused % / longest scavenge ms / longest pause ms | longest event-loop stall ms |' : ''}`,
    `|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|${withGc ? '---:|---:|' : ''}`,
  ];
  for (const r of rows) {
    const v = r.vsBaseline;
    const calls = r.upstreamCallsPerOperation;
    const callText = calls ? `${calls.total} (u ${calls.users}, o ${calls.orders}, c ${calls.cart})` : 'n/a';
    const gqlErrors = r.graphqlErrorsCountedByGateway === null ? `${r.graphqlErrorsInSamples}/${r.samplesTaken} sampled` : `${r.graphqlErrorsCountedByGateway} (${r.graphqlErrorsInSamples}/${r.samplesTaken} sampled)`;
    lines.push(
      `| ${r.label}${r.baselineNote ? ' †' : ''} | ${fmt(r.rps, 0)}${times(v?.rps)} | ${r.rpsRounds.map((x) => fmt(x, 0)).join(' / ')} | ${fmt(r.cpuMsPerRequest, 3)}${times(v?.cpu)}${r.cpuVsCached === null ? '' : `, ${r.cpuVsCached.toFixed(2)}x cached`} | ${fmt(r.p50, 2)}${times(v?.p50)} | ${fmt(r.p99, 2)}${times(v?.p99)} | ${r.non2xx} | ${r.socketErrors} | ${gqlErrors} | ${fmt(r.rssMiB)} | ${callText} | ${fmt(r.cpuContender, 0)} / ${fmt(r.cpuLoadSide, 0)} / ${fmt(r.cpuForeign, 0)} | ${r.coreBusy.map((c) => fmt(c, 0)).join(' / ')} |${withGc ? ` ${fmt(r.gcPausedPct)} / ${fmt(r.gcLongestScavengeMs)} / ${fmt(r.gcLongestPauseMs)} | ${fmt(r.longestLoopStallMs)} |` : ''}`,
    );
  }
  const notes = rows.filter((r) => r.baselineNote).map((r) => `† ${r.label}: ${r.baselineNote}.`);
  lines.push('', ...notes);
  lines.push(
    'CPU ms/req: CPU time (user + system) the contender process spent per completed request over the measured window; (Nx) is gateway / baseline, "cached" the same query whose document the gateway has seen before. This ratio holds across noisy runs better than req/s.',
    'GraphQL errors: responses with errors counted by the gateway over the measured windows (its `gateway_graphql_operations_total` partial + error), then the sampled bodies containing `"errors"`. CPU: % of one core during the measured window; load = bench process + upstreams (core 0 when pinned); other = every other process on the machine (should be near 0). Cores busy: how busy each core was, whoever used it (core 0, core 1, …).',
  );
  if (withGc) {
    lines.push(
      'GC (--gc-pauses): garbage-collection pauses of the contender in the measured window (bench/lib/gc-probe.cjs): the share of the window it was paused, its longest young-generation scavenge and its longest pause of any kind; a request caught in a pause waits it out, so long pauses show in p99. Longest event-loop stall: how long the main thread went without turning its loop (GC pauses, a long task, or background threads of the same process holding its one core), the median over the rounds. Observing GC slows the gateway by ~15-20 %: compare these runs with each other only.',
    );
  }
  lines.push('', '| target | result | |', '|---|---|---|');
  for (const c of checks) lines.push(`| ${c.label} | ${c.detail} | ${c.ok === null ? 'n/a' : c.ok ? 'pass' : 'FAIL'} |`);
  return lines.join('\n');
}
