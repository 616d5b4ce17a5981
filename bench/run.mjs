#!/usr/bin/env node
// npm run bench [-- --quick | --soak | --profile] [--connections N] [--warmup S] [--duration S]
//   [--rounds N] [--samples N] [--only id,id] [--no-pin]
// Closed-loop benchmark of the gateway against hand-written Node baselines. See docs/performance.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { createContenders } from './lib/contenders.mjs';
import { profileMarkdown, summarizeProfile } from './lib/cpuprofile.mjs';
import { measureContender } from './lib/measure.mjs';
import { cpuModel, planLayout, pinSelf, stopProcess } from './lib/processes.mjs';
import { markdown, summarize, targets } from './lib/report.mjs';
import { soak, soakMarkdown } from './lib/soak.mjs';
import { startStack } from './lib/stack.mjs';
import { signTokens } from './lib/tokens.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const began = performance.now();
const log = (line) => process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

const MODES = {
  full: { warmupSeconds: 3, measureSeconds: 10, rounds: 3, samples: 20, quietWaitSeconds: 15 },
  quick: { warmupSeconds: 1, measureSeconds: 3, rounds: 1, samples: 10, quietWaitSeconds: 0 },
  soak: { warmupSeconds: 10, measureSeconds: 60, rounds: 1, samples: 20, quietWaitSeconds: 15 },
  profile: { warmupSeconds: 3, measureSeconds: 20, rounds: 1, samples: 20, quietWaitSeconds: 15 },
};
const SERVER_OF = { gateway: 'gateway', dashboardBaseline: 'dashboardBaseline', proxyBaseline: 'proxyBaseline' };

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      soak: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      samples: { type: 'string' },
      'quiet-wait': { type: 'string' },
      only: { type: 'string' },
      'extra-users': { type: 'string', default: '1000' },
      'no-pin': { type: 'boolean', default: false },
      nice: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench [-- --quick | --soak | --profile] [--connections 50] [--warmup S] [--duration S] [--rounds N] [--samples 20] [--quiet-wait 15] [--only gateway-dashboard,baseline-dashboard] [--extra-users 1000] [--no-pin] [--nice=-10]\n',
    );
    process.exit(0);
  }
  const mode = values.soak ? 'soak' : values.profile ? 'profile' : values.quick ? 'quick' : 'full';
  const positive = (name, raw, fallback) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got "${raw}")`);
    return n;
  };
  const defaults = MODES[mode];
  return {
    mode,
    connections: positive('connections', values.connections, 50),
    warmupSeconds: positive('warmup', values.warmup, defaults.warmupSeconds),
    measureSeconds: positive('duration', values.duration, defaults.measureSeconds),
    rounds: positive('rounds', values.rounds, defaults.rounds),
    samples: positive('samples', values.samples, defaults.samples),
    quietWaitSeconds: positive('quiet-wait', values['quiet-wait'], defaults.quietWaitSeconds),
    extraUsers: positive('extra-users', values['extra-users'], 1000),
    only: values.only?.split(',').map((s) => s.trim()),
    pin: !values['no-pin'],
    nice: values.nice === undefined ? undefined : niceValue(values.nice),
  };
}

function niceValue(raw) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`--nice must be an integer from -20 to 19, written --nice=-10 (got "${raw}")`);
  return n;
}

const AUTOGROUP = '/proc/self/autogroup';
let restoreAutogroup = () => {};

/**
 * Children inherit the nice value: on a shared machine a negative one (root) keeps other work from
 * skewing the figures. With autogroup scheduling nice only ranks processes within one session, so
 * the session's autogroup gets it too, and its old value back when the bench ends.
 */
function raisePriority(nice, layout) {
  try {
    setPriority(nice);
    if (existsSync(AUTOGROUP)) {
      const before = /nice (-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'))?.[1];
      writeFileSync(AUTOGROUP, String(nice));
      if (before !== undefined) restoreAutogroup = () => writeFileSync(AUTOGROUP, before);
    }
    layout.nice = nice;
  } catch (error) {
    log(`could not set nice ${nice}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function buildIfStale() {
  const result = spawnSync(process.execPath, [`${root}scripts/build-if-stale.mjs`], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed: see the compiler output above');
}

/** Key-order independent JSON, to compare the baseline's answer with the gateway's. */
const canonical = (v) =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}` : JSON.stringify(v);

async function sameAnswers(a, b, requests, n) {
  let same = 0;
  for (let i = 0; i < n; i += 1) {
    const req = requests[(i * 97) % requests.length];
    const texts = await Promise.all([a, b].map(async (base) => (await request(base + req.path, { method: req.method, headers: req.headers, body: req.body })).body.json()));
    if (canonical(texts[0]) === canonical(texts[1])) same += 1;
  }
  return same;
}

function machine(layout, pinnedSelf) {
  return { nproc: cpus().length, cpuModel: cpuModel(), node: process.version, platform: `${process.platform} ${process.arch}`, layout: { ...layout, benchPinned: pinnedSelf } };
}

async function main() {
  const opts = options();
  log(`mode ${opts.mode}: building dist/ if stale`);
  buildIfStale();
  const layout = planLayout(opts.pin);
  if (opts.nice !== undefined) raisePriority(opts.nice, layout);
  const pinnedSelf = pinSelf(layout);
  log(`layout: ${layout.reason}${layout.pinned && !pinnedSelf ? ' (could not pin the bench process itself)' : ''}`);
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const secret = `bench-${crypto.randomUUID()}`;

  const preliminary = createContenders({ tokens: {}, users: [], usersWith20Orders: [] });
  let chosen = preliminary.filter((c) => (opts.only ? opts.only.includes(c.id) : true));
  if (opts.mode === 'soak' || opts.mode === 'profile') chosen = preliminary.filter((c) => c.id === 'gateway-dashboard');
  if (chosen.length === 0) throw new Error(`--only matched no contender (ids: ${preliminary.map((c) => c.id).join(', ')})`);
  const need = Object.fromEntries(Object.keys(SERVER_OF).map((s) => [s, chosen.some((c) => c.server === s)]));

  const profileName = `gateway-${stamp}.cpuprofile`;
  const gatewayNodeArgs = opts.mode === 'profile' ? ['--cpu-prof', '--cpu-prof-dir', resultsDir, '--cpu-prof-name', profileName] : [];
  log(`starting ${['upstreams', ...Object.keys(need).filter((k) => need[k])].join(', ')}`);
  const stack = await startStack({ layout, secret, need, extraUsers: opts.extraUsers, gatewayNodeArgs });
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    log('interrupted: stopping the processes this bench started');
    void stack.stop().finally(() => {
      restoreAutogroup();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const users = Array.from({ length: stack.upstreams.users }, (_, i) => `u${i + 1}`);
    const usersWith20Orders = ['u2', ...users.slice(40)];
    const tokens = await signTokens(secret, users);
    const contenders = createContenders({ tokens, users, usersWith20Orders }).filter((c) => chosen.some((x) => x.id === c.id));
    const settings = {
      connections: opts.connections,
      warmupSeconds: opts.warmupSeconds,
      measureSeconds: opts.measureSeconds,
      rounds: opts.rounds,
      samples: opts.samples,
      quietWaitSeconds: opts.quietWaitSeconds,
    };
    const report = { startedAt: new Date().toISOString(), mode: opts.mode, settings, machine: machine(layout, pinnedSelf), benchUsers: users.length };
    log(`${users.length} users (u1..u40 seeded, u41..u${users.length} added with 24 orders and a 3-item cart); ${opts.connections} connections`);

    if (need.gateway && need.dashboardBaseline) {
      const dash = contenders.find((c) => c.id === 'gateway-dashboard') ?? contenders.find((c) => c.id === 'baseline-dashboard');
      const n = 10;
      report.baselineMatchesGateway = { compared: n, identical: await sameAnswers(stack.servers.gateway.url, stack.servers.dashboardBaseline.url, dash.requests, n) };
      log(`dashboard baseline answers identical to the gateway's: ${report.baselineMatchesGateway.identical}/${n}`);
    }

    let text;
    if (opts.mode === 'soak') {
      const contender = contenders[0];
      const result = await soak({ contender, server: stack.servers.gateway, settings: { ...settings, soakSeconds: opts.measureSeconds, intervalSeconds: 5 }, log });
      report.soak = result;
      text = soakMarkdown(result, { ...settings, soakSeconds: opts.measureSeconds });
    } else if (opts.mode === 'profile') {
      const contender = contenders[0];
      let window;
      const result = await measureContender({
        contender,
        server: stack.servers.gateway,
        upstreams: stack.upstreams,
        settings,
        onWindow: (start, end) => (window = { startUs: Number(start / 1000n), endUs: Number(end / 1000n) }),
      });
      log(`profiled run: ${result.rps} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (with --cpu-prof overhead)`);
      await stopProcess(stack.servers.gateway.proc, 15_000);
      const path = `${resultsDir}${profileName}`;
      const summary = summarizeProfile(path, { root, window });
      report.profile = { file: path, run: result, summary };
      text = `CPU profile of the gateway under the dashboard load (${path}):\n\n${profileMarkdown(summary)}`;
    } else {
      const runs = [];
      for (let round = 1; round <= opts.rounds; round += 1) {
        for (const contender of contenders) {
          const result = await measureContender({ contender, server: stack.servers[contender.server], upstreams: stack.upstreams, settings });
          runs.push({ round, contender: contender.id, result });
          log(
            `round ${round}/${opts.rounds}  ${contender.label.padEnd(44)} ${String(Math.round(result.rps)).padStart(6)} req/s  p50 ${result.latencyMs.p50?.toFixed(2)} ms  p99 ${result.latencyMs.p99?.toFixed(2)} ms  non-2xx ${result.non2xx}  bad samples ${result.badSamples}  RSS ${result.rssMiB} MiB  calls/op ${result.upstreamCallsPerOperation.total}  CPU ${result.cpuPercent.contender}% / load ${result.cpuPercent.loadSide}% / other ${result.cpuPercent.foreign}%  cores busy ${result.cpuPercent.cores.map((c) => `${c}%`).join(' ')}`,
          );
          if (result.quietBefore && result.quietBefore.waitedSeconds > 1.5) log(`    waited ${result.quietBefore.waitedSeconds} s for a quiet machine (other processes at ${result.quietBefore.busyPct}% of a core at the end)`);
          for (const p of result.sampleProblems) log(`    sample problem: ${JSON.stringify(p)}`);
        }
      }
      const rows = summarize(contenders, runs);
      const checks = targets(rows);
      report.runs = runs;
      report.summary = rows;
      report.targets = checks;
      text = markdown(rows, checks, settings);
      const loadCore = layout.pinned ? layout.loadCore : undefined;
      const saturated = rows.filter((r) => (loadCore === undefined ? r.cpuLoadSide : r.coreBusy[loadCore]) > 90);
      const noisy = rows.filter((r) => r.cpuForeign !== null && r.cpuForeign > 10);
      if (noisy.length > 0) text += `\n\nWarning: other processes on the machine used more than 10% of a core during ${noisy.map((r) => r.label).join(', ')}: those figures are disturbed; run again on a quiet machine.`;
      if (saturated.length > 0) text += `\n\nWarning: the load side${loadCore === undefined ? '' : ` (core ${loadCore}, whoever used it)`} was above 90% busy for ${saturated.map((r) => r.label).join(', ')}: those figures may be limited by the load generator, not the contender.`;
    }
    report.finishedAt = new Date().toISOString();
    report.markdown = text;
    const file = `${resultsDir}${stamp}${opts.mode === 'full' ? '' : `-${opts.mode}`}.json`;
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    const m = report.machine;
    process.stdout.write(`\n${m.nproc} x ${m.cpuModel}, Node ${m.node}; layout: ${layout.reason}\n\n${text}\n\nJSON: ${file}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.stop();
    restoreAutogroup();
  }
}

main().catch((error) => {
  restoreAutogroup();
  log(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
