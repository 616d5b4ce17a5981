#!/usr/bin/env node
// `npm run bench`: closed-loop benchmark of the gateway next to hand-written Node baselines, each
// server in its own process, pinned apart from the load generator. See docs/performance.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createContenders } from './lib/contenders.mjs';
import { chooseGenerator } from './lib/load.mjs';
import { parseOptions, USAGE, UsageError } from './lib/options.mjs';
import { raisePriority } from './lib/priority.mjs';
import { cpuModel } from './lib/proc-stats.mjs';
import { pinSelf, planLayout } from './lib/processes.mjs';
import { cpuProfileArgs, runProfile } from './lib/profile.mjs';
import { runRounds } from './lib/rounds.mjs';
import { soak, soakMarkdown } from './lib/soak.mjs';
import { startStack } from './lib/stack.mjs';
import { signTokens } from './lib/tokens.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const began = performance.now();
const log = (line) => process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
let restorePriority = () => {};

function buildIfStale() {
  const result = spawnSync(process.execPath, [`${root}scripts/build-if-stale.mjs`], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed: see the compiler output above');
}

/** Which code was measured: the commit, and whether src/ had uncommitted changes (null without git). */
function sourceState() {
  const git = (...args) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const status = git('status', '--porcelain', '--', 'src');
  return { commit: head.stdout.trim(), srcDirty: status.stdout.trim() !== '' };
}

/** Key-order independent JSON, to compare the baseline's answer with the gateway's. */
const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
      : JSON.stringify(v);

async function sameAnswers(a, b, requests, n) {
  let same = 0;
  for (let i = 0; i < n; i += 1) {
    const req = requests[(i * 97) % requests.length];
    const bodies = await Promise.all([a, b].map(async (base) => (await request(base + req.path, { method: req.method, headers: req.headers, body: req.body })).body.json()));
    if (canonical(bodies[0]) === canonical(bodies[1])) same += 1;
  }
  return same;
}

/** Which contenders run, and so which servers start; `profiled`: the server --profile runs under --cpu-prof. */
function choose(opts) {
  const all = createContenders({ tokens: {}, users: [], usersWith20Orders: [] });
  // soak and profile run one contender: the first of --only, else the dashboard
  const ids = opts.mode === 'soak' || opts.mode === 'profile' ? [opts.only?.[0] ?? 'gateway-dashboard'] : (opts.only ?? all.map((c) => c.id));
  const chosen = all.filter((c) => ids.includes(c.id));
  if (chosen.length === 0) throw new Error(`--only matched no contender (ids: ${all.map((c) => c.id).join(', ')})`);
  const servers = ['gateway', 'dashboardBaseline', 'proxyBaseline'];
  const need = Object.fromEntries(servers.map((s) => [s, chosen.some((c) => c.server === s)]));
  if (opts.against !== undefined && need.gateway) need.against = opts.against;
  return { ids: chosen.map((c) => c.id), need, profiled: opts.mode === 'profile' ? chosen[0].server : undefined };
}

/** --against: after each gateway contender, the same load on the other build, its figures divided by this build's. */
function withAgainst(contenders, against, env, nodeFlags) {
  if (against === undefined) return contenders;
  const settings = Object.entries(env).map(([k, v]) => ` ${k}=${v}`).join('') + (nodeFlags === undefined ? '' : ` node ${nodeFlags.join(' ')}`);
  return contenders.flatMap((c) =>
    c.server !== 'gateway'
      ? [c]
      : [c, { ...c, id: `${c.id}@against`, label: `${c.label} [against ${against}${settings}]`, server: 'against', baseline: c.id, cached: undefined }],
  );
}

async function main() {
  const opts = parseOptions();
  if (opts.help) return void process.stdout.write(USAGE);
  log(`mode ${opts.mode}: building dist/ if stale`);
  buildIfStale();
  const layout = planLayout(opts.pin);
  if (opts.nice !== undefined) {
    try {
      restorePriority = raisePriority(opts.nice);
      layout.nice = opts.nice;
    } catch (error) {
      log(`could not set nice ${opts.nice}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const pinnedSelf = pinSelf(layout);
  log(`layout: ${layout.reason}${layout.pinned && !pinnedSelf ? ' (could not pin the bench process itself)' : ''}${layout.nice === undefined ? '' : `; nice ${layout.nice}`}`);
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const secret = `bench-${crypto.randomUUID()}`;
  const { ids, need, profiled } = choose(opts);
  const profileName = `${profiled}-${stamp}.cpuprofile`;
  const profileFile = `${resultsDir}${profileName}`;
  const nodeArgs = profiled === undefined ? {} : { [profiled]: cpuProfileArgs(resultsDir, profileName) };

  log(`starting upstreams, ${Object.keys(need).filter((k) => need[k]).join(', ')}`);
  const stack = await startStack({ layout, secret, need, extraUsers: opts.extraUsers, againstEnv: opts.againstEnv, againstNodeFlags: opts.againstNodeFlags, nodeArgs, gcPauses: opts.gcPauses, tracing: opts.tracing, gatewayEnv: opts.gatewayEnv });
  const onSignal = () => {
    log('interrupted: stopping the processes this bench started');
    void stack.stop().finally(() => {
      restorePriority();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const users = Array.from({ length: stack.upstreams.users }, (_, i) => `u${i + 1}`);
    const tokens = await signTokens(secret, users);
    const chosen = createContenders({ tokens, users, usersWith20Orders: ['u2', ...users.slice(40)] }).filter((c) => ids.includes(c.id));
    const contenders = withAgainst(chosen, opts.against, opts.againstEnv, opts.againstNodeFlags);
    const { mode, connections, warmupSeconds, firstWarmupSeconds, measureSeconds, rounds, samples, quietWaitSeconds } = opts;
    const generator = chooseGenerator(opts.load);
    if (generator !== 'wrk') log('WARNING: wrk is not installed (apt-get install wrk): autocannon generates the load inside this process, which saturates the load core long before the baselines do; ratios are flattered');
    else log('load generator: wrk, pinned with the upstreams');
    const settings = { connections, warmupSeconds, firstWarmupSeconds, measureSeconds, rounds, samples, quietWaitSeconds, generator, loadCore: layout.pinned ? layout.loadCore : undefined };
    const machine = { nproc: cpus().length, cpuModel: cpuModel(), node: process.version, platform: `${process.platform} ${process.arch}`, layout: { ...layout, benchPinned: pinnedSelf } };
    const source = sourceState();
    const report = { startedAt: new Date().toISOString(), mode, settings, machine, source, benchUsers: users.length, tracing: opts.tracing, gatewayEnv: opts.gatewayEnv };
    if (opts.tracing !== 'off') log(`gateway tracing: ${opts.tracing} (OTLP/HTTP to a local span-counting sink)`);
    log(`${users.length} users (u1..u40 seeded, u41..u${users.length} added with 24 orders and a 3-item cart), each with its own token; ${connections} connections`);

    if (need.gateway && need.dashboardBaseline) {
      // the dashboard when it runs, else the workload the aggregator baseline serves (user + 20 orders)
      const workload = contenders.find((c) => c.id === 'baseline-dashboard') ?? contenders.find((c) => c.server === 'dashboardBaseline');
      const compared = 10;
      const identical = await sameAnswers(stack.servers.gateway.url, stack.servers.dashboardBaseline.url, workload.requests, compared);
      report.baselineMatchesGateway = { compared, identical };
      log(`${workload.id.replace('baseline-', '')} baseline answers identical to the gateway's: ${identical}/${compared}`);
    }

    let text;
    if (mode === 'soak') {
      const soakSettings = { ...settings, soakSeconds: measureSeconds, intervalSeconds: 5 };
      report.soak = await soak({ contender: contenders[0], server: stack.servers.gateway, settings: soakSettings, log });
      text = soakMarkdown(report.soak, soakSettings);
    } else if (mode === 'profile') {
      const { text: profileText, ...profile } = await runProfile({ contender: contenders[0], stack, settings, file: profileFile, root, log });
      report.profile = profile;
      text = profileText;
    } else {
      const { text: table, ...result } = await runRounds({ contenders, stack, settings, layout, log });
      Object.assign(report, result);
      text = table;
    }
    report.finishedAt = new Date().toISOString();
    const changed = Object.entries(opts.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(' ');
    if (changed !== '') text = `Gateway settings changed from the defaults: ${changed}.\n\n${text}`;
    if (opts.tracing !== 'off') text = `Gateway tracing: ${opts.tracing} (OTLP/HTTP to a local sink on the load core).\n\n${text}`;
    report.markdown = text;
    const file = `${resultsDir}${stamp}${mode === 'full' ? '' : `-${mode}`}.json`;
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    const code = source === null ? '' : `; code: ${source.commit}${source.srcDirty ? ' + uncommitted src/ changes' : ''}`;
    process.stdout.write(`\n${machine.nproc} x ${machine.cpuModel}, Node ${machine.node}; layout: ${layout.reason}${code}\n\n${text}\n\nJSON: ${file}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.stop();
    restorePriority();
  }
}

main().catch((error) => {
  restorePriority();
  if (error instanceof UsageError) log(error.message);
  else log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
