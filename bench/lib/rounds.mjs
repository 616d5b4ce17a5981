// The default and --quick modes: every contender in turn, the whole round repeated.
import { measureContender } from './measure.mjs';
import { markdown, summarize, targets } from './report.mjs';

function progressLine(round, rounds, contender, r) {
  const cpu = r.cpuPercent;
  return (
    `round ${round}/${rounds}  ${contender.label.padEnd(44)} ${String(Math.round(r.rps)).padStart(6)} req/s` +
    `  p50 ${r.latencyMs.p50?.toFixed(2)} ms  p99 ${r.latencyMs.p99?.toFixed(2)} ms  non-2xx ${r.non2xx}  bad samples ${r.badSamples}` +
    `  CPU ${r.cpuMsPerRequest} ms/req  RSS ${r.rssMiB} MiB  calls/op ${r.upstreamCallsPerOperation.total}` +
    `  CPU ${cpu.contender}% / load ${cpu.loadSide}% / other ${cpu.foreign}%  cores busy ${cpu.cores.map((c) => `${c}%`).join(' ')}` +
    (r.gc ? `  GC ${r.gc.pausedPct}% (${r.gc.scavenges} scavenges, longest ${r.gc.longestScavengeMs} ms, longest pause ${r.gc.longestPauseMs} ms)  longest loop stall ${r.gc.longestLoopStallMs} ms` : '')
  );
}

function warnings(rows, layout) {
  const out = [];
  const noisy = rows.filter((r) => r.cpuForeign !== null && r.cpuForeign > 10);
  if (noisy.length > 0) {
    out.push(`Warning: other processes on the machine used more than 10% of a core during ${noisy.map((r) => r.label).join(', ')}: those figures are disturbed; run again on a quiet machine.`);
  }
  const loadCore = layout.pinned ? layout.loadCore : undefined;
  const saturated = rows.filter((r) => (loadCore === undefined ? r.cpuLoadSide : r.coreBusy[loadCore]) > 85);
  if (saturated.length > 0) {
    out.push(
      `FLAG: the load side${loadCore === undefined ? '' : ` (core ${loadCore}: wrk and the upstreams, whoever used it)`} was above 85% busy for ${saturated.map((r) => r.label).join(', ')}: those figures may be limited by the load side, not the contender, and their ratios are suspect.`,
    );
  }
  return out;
}

/**
 * The contenders of one round. With --against, each build pair runs the other way round in even
 * rounds: whichever runs second of a pair tends to be measured a few % cheaper here (seen in A/A
 * runs of one build against itself), so a fixed order would favour one build.
 */
function roundOrder(contenders, round) {
  if (round % 2 === 1) return contenders;
  const out = [...contenders];
  for (let i = 0; i + 1 < out.length; i += 1) {
    if (out[i + 1].server === 'against' && out[i + 1].baseline === out[i].id) {
      [out[i], out[i + 1]] = [out[i + 1], out[i]];
      i += 1;
    }
  }
  return out;
}

/** Resolves with { runs, summary, targets, text }. */
export async function runRounds({ contenders, stack, settings, layout, log }) {
  const runs = [];
  const warmed = new Set();
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const contender of roundOrder(contenders, round)) {
      const first = !warmed.has(contender.server);
      warmed.add(contender.server);
      const warmupSeconds = first ? settings.firstWarmupSeconds : settings.warmupSeconds;
      const result = await measureContender({ contender, server: stack.servers[contender.server], upstreams: stack.upstreams, settings: { ...settings, warmupSeconds } });
      runs.push({ round, contender: contender.id, result });
      log(progressLine(round, settings.rounds, contender, result));
      const quiet = result.quietBefore;
      if (quiet && quiet.waitedSeconds > 1.5) log(`    waited ${quiet.waitedSeconds} s for a quiet machine (other processes at ${quiet.busyPct}% of a core at the end)`);
      for (const p of result.sampleProblems) log(`    sample problem: ${JSON.stringify(p)}`);
    }
  }
  const summary = summarize(contenders, runs);
  const checks = targets(summary);
  const text = [markdown(summary, checks, settings), ...warnings(summary, layout)].join('\n\n');
  return { runs, summary, targets: checks, text };
}
