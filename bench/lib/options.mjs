// Command line of `npm run bench`: the mode picks the defaults, flags override them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const MODES = {
  full: { warmupSeconds: 3, firstWarmupSeconds: 10, measureSeconds: 10, rounds: 3, samples: 20, quietWaitSeconds: 15 },
  quick: { warmupSeconds: 2, firstWarmupSeconds: 6, measureSeconds: 3, rounds: 1, samples: 10, quietWaitSeconds: 0 },
  soak: { warmupSeconds: 30, measureSeconds: 60, rounds: 1, samples: 20, quietWaitSeconds: 15 },
  profile: { warmupSeconds: 3, firstWarmupSeconds: 10, measureSeconds: 20, rounds: 1, samples: 20, quietWaitSeconds: 15 },
};

export const USAGE =
  'npm run bench [-- --quick | --soak | --profile] [--connections 32] [--warmup S] [--first-warmup S] [--duration S] [--rounds N]\n' +
  '              [--samples 20] [--quiet-wait 15] [--only gateway-dashboard,baseline-dashboard] [--extra-users 2000]\n' +
  '              [--no-pin] [--nice=-10] [--gc-pauses] [--load wrk|autocannon]\n              [--tracing off|sampled-out|on] [--gateway-env NAME=VALUE,...]\n              [--against DIR] [--against-env NAME=VALUE,...] [--against-node-flags="--flag=value ..."]\n';

/** A bad flag: run.mjs prints its message alone. */
export class UsageError extends Error {}

function number(name, raw, fallback, { min = 0, integer = false } = {}) {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min} (got "${raw}")`);
  }
  return n;
}

function loadValue(raw) {
  if (raw === undefined || raw === 'wrk' || raw === 'autocannon') return raw ?? 'wrk';
  throw new UsageError(`--load must be wrk or autocannon (got "${raw}")`);
}

/** --gateway-env STALE_MAX_AGE_S=0,LOG_LEVEL=warn: settings that differ from the defaults, named in the report. */
function envValue(raw) {
  if (raw === undefined) return {};
  const pairs = raw.split(',').map((pair) => pair.trim().split('='));
  if (pairs.some((p) => p.length !== 2 || !/^[A-Z][A-Z0-9_]*$/.test(p[0]))) throw new UsageError(`--gateway-env takes NAME=VALUE,... (got "${raw}")`);
  return Object.fromEntries(pairs);
}

/** --against-node-flags="--max-semi-space-size=64" (written with =: the value starts with a dash): the other gateway's node flags, instead of `npm start`'s. */
function nodeFlagsValue(raw) {
  if (raw === undefined) return undefined;
  const flags = raw.trim().split(/\s+/).filter(Boolean);
  if (flags.some((flag) => !/^--[a-z][a-z0-9-]*(=\S+)?$/.test(flag))) throw new UsageError(`--against-node-flags takes node flags such as "--max-semi-space-size=64" (got "${raw}")`);
  return flags;
}

function tracingValue(raw) {
  if (raw === undefined) return 'off';
  if (['off', 'sampled-out', 'on'].includes(raw)) return raw;
  throw new UsageError(`--tracing must be off, sampled-out or on (got "${raw}")`);
}

function niceValue(raw) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new UsageError(`--nice must be an integer from -20 to 19, written --nice=-10 (got "${raw}")`);
  return n;
}

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  soak: { type: 'boolean', default: false },
  profile: { type: 'boolean', default: false },
  connections: { type: 'string' },
  warmup: { type: 'string' },
  'first-warmup': { type: 'string' },
  duration: { type: 'string' },
  rounds: { type: 'string' },
  samples: { type: 'string' },
  'quiet-wait': { type: 'string' },
  only: { type: 'string' },
  'extra-users': { type: 'string' },
  'no-pin': { type: 'boolean', default: false },
  'gc-pauses': { type: 'boolean', default: false },
  nice: { type: 'string' },
  load: { type: 'string' },
  tracing: { type: 'string' },
  'gateway-env': { type: 'string' },
  against: { type: 'string' },
  'against-env': { type: 'string' },
  'against-node-flags': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/**
 * --against DIR: a second gateway, built in another checkout (DIR/dist/main.js, e.g. a git worktree
 * of the previous commit), measured beside this one in the same rounds: an A/B of two builds.
 */
function againstValue(raw) {
  if (raw === undefined) return undefined;
  const dir = resolve(raw);
  if (!existsSync(`${dir}/dist/main.js`)) throw new UsageError(`--against: ${dir}/dist/main.js not found (run npm ci && npm run build there)`);
  return dir;
}

/** argv → settings; `help: true` when the usage was asked for. Throws on a bad value. */
export function parseOptions(args = process.argv.slice(2)) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values } = parsed;
  const mode = values.soak ? 'soak' : values.profile ? 'profile' : values.quick ? 'quick' : 'full';
  const defaults = MODES[mode];
  if (values.against !== undefined && mode !== 'full' && mode !== 'quick') throw new UsageError('--against runs with the full and quick modes only');
  const warmupSeconds = number('warmup', values.warmup, defaults.warmupSeconds);
  return {
    help: values.help,
    mode,
    connections: number('connections', values.connections, 32, { min: 1, integer: true }),
    warmupSeconds,
    // a server's first contender (never shorter than the others): long enough for V8 to optimise
    // the hot paths (graphql-jit's compiled queries included), so the first window is not a cold start
    firstWarmupSeconds: Math.max(warmupSeconds, number('first-warmup', values['first-warmup'], defaults.firstWarmupSeconds ?? 0)),
    measureSeconds: number('duration', values.duration, defaults.measureSeconds, { min: 1 }),
    rounds: number('rounds', values.rounds, defaults.rounds, { min: 1, integer: true }),
    samples: number('samples', values.samples, defaults.samples, { min: 1, integer: true }),
    quietWaitSeconds: number('quiet-wait', values['quiet-wait'], defaults.quietWaitSeconds),
    extraUsers: number('extra-users', values['extra-users'], 2000, { integer: true }),
    load: loadValue(values.load),
    tracing: tracingValue(values.tracing),
    gatewayEnv: envValue(values['gateway-env']),
    against: againstValue(values.against),
    againstEnv: envValue(values['against-env']),
    againstNodeFlags: nodeFlagsValue(values['against-node-flags']),
    only: values.only?.split(',').map((s) => s.trim()),
    pin: !values['no-pin'],
    gcPauses: values['gc-pauses'],
    nice: values.nice === undefined ? undefined : niceValue(values.nice),
  };
}
