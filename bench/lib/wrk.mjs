// Closed-loop load with wrk (Debian's package: a C load generator, one thread, N connections),
// driven by a Lua script written per run. The requests rotate over the contender's list (one user
// after another, each with its own token); a contender with a `unique` template gets a document
// never sent before on every request (a new alias built from a per-run seed and a counter).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** true when Debian's wrk is on the PATH. */
export function hasWrk() {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return result.error === undefined && /wrk/.test(`${result.stdout}${result.stderr}`);
}

/** A Lua long string that no content can close early. */
function luaString(text) {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

const luaHeaders = (headers) => `{${Object.entries(headers).map(([k, v]) => `[ ${luaString(k)} ]=${luaString(String(v))}`).join(',')}}`;

/**
 * The script: `list` holds {method, path, headers, body} (or, for `unique`, the body split around
 * the alias); `request()` hands out the next one. Pre-formatted requests cost wrk nothing per call;
 * unique ones are formatted per request, as a client building a new document would.
 */
function script(requests, unique) {
  const entries = requests.map((r) => {
    const body = unique ? `${luaString(r.bodyBefore)},${luaString(r.bodyAfter)}` : r.body === undefined ? 'nil' : luaString(r.body);
    return `{${luaString(r.method)},${luaString(r.path)},${luaHeaders(r.headers)},${body}}`;
  });
  return `
local list = {
${entries.join(',\n')}
}
local prepared = {}
local n = #list
local i = 0
local count = 0
local seed = "0"
local unique = ${unique ? 'true' : 'false'}

init = function(args)
  seed = args[1] or "0"
  i = tonumber(args[2] or "0") % n
  if not unique then
    for k, r in ipairs(list) do prepared[k] = wrk.format(r[1], r[2], r[3], r[4]) end
  end
end

request = function()
  i = i % n + 1
  if unique then
    count = count + 1
    local r = list[i]
    return wrk.format(r[1], r[2], r[3], r[4] .. "q" .. seed .. "n" .. count .. r[5])
  end
  return prepared[i]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`;
}

let runs = 0;

/**
 * Runs `seconds` of load on `baseUrl` with `connections`; `core` pins wrk (taskset) when set.
 * Resolves like the autocannon runner: { seconds, requests, rps, latencyMs, non2xx, errors, timeouts }.
 * Latencies are wrk's (microsecond resolution, reported in ms).
 */
export async function runWrk({ baseUrl, requests, unique = false, connections, seconds, core }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const file = join(dir, 'load.lua');
  writeFileSync(file, script(requests, unique));
  runs += 1;
  const seed = `${process.pid}r${runs}`;
  const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', file, baseUrl, '--', seed, String((runs * 7919) % requests.length)];
  const [command, ...args] = core === undefined ? ['wrk', ...wrkArgs] : ['taskset', '-c', String(core), 'wrk', ...wrkArgs];
  try {
    const { code, stdout, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (text) => (out += text));
      child.stderr.setEncoding('utf8').on('data', (text) => (err += text));
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (code !== 0 || line === undefined) throw new Error(`wrk failed (exit ${code}):\n${stderr}${stdout}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length));
    const secondsRun = r.durationUs / 1e6;
    const ms = (us) => us / 1000;
    return {
      seconds: secondsRun,
      requests: r.requests,
      rps: r.requests / secondsRun,
      latencyMs: { count: r.requests, mean: ms(r.mean), p50: ms(r.p50), p90: ms(r.p90), p99: ms(r.p99), max: ms(r.max) },
      // wrk counts HTTP statuses above 399 as "status" errors
      non2xx: r.status,
      statusCodes: {},
      errors: r.connect + r.read + r.write,
      timeouts: r.timeout,
      resets: 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
