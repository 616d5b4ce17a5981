// Child processes of the bench: core pinning with taskset, start, readiness, stop.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { request } from 'undici';

/**
 * Where things run. With taskset and ≥ 2 cores: the contender (gateway or baseline) alone on core 1,
 * the bench process (load generator) and the reference upstreams on core 0. Otherwise unpinned.
 */
export function planLayout(wantPinning) {
  const cores = availableParallelism();
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!wantPinning) return { pinned: false, cores, reason: 'pinning disabled (--no-pin)' };
  if (!hasTaskset) return { pinned: false, cores, reason: 'taskset not found: processes share all cores' };
  if (cores < 2) return { pinned: false, cores, reason: 'fewer than 2 cores: nothing to pin apart' };
  return { pinned: true, cores, loadCore: 0, contenderCore: 1, reason: 'contender on core 1; load generator and upstreams on core 0' };
}

/** Pins this process (all its threads) to the load core; returns false when taskset refused. */
export function pinSelf(layout) {
  if (!layout.pinned) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(layout.loadCore), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on 127.0.0.1 (released again before it is used: a tiny race, fine for a bench). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const tail = (lines, text) => {
  lines.push(...text.split('\n').filter(Boolean));
  if (lines.length > 40) lines.splice(0, lines.length - 40);
};

/**
 * Starts `node <args>` (under `taskset -c <core>` when pinned; taskset execs, so the pid is node's).
 * Returns { child, pid, name, output(), exited } where `exited` resolves with the exit code.
 */
export function startNode(name, args, { env, core, layout, gcProbe = false, discardStdout = false }) {
  const argv = [process.execPath, ...args];
  const [command, ...rest] = layout.pinned && core !== undefined ? ['taskset', '-c', String(core), ...argv] : argv;
  // a gateway's request log goes to /dev/null: written as in production, not read by the load core
  const child = spawn(command, rest, { env, stdio: ['ignore', discardStdout && !gcProbe ? 'ignore' : 'pipe', 'pipe'] });
  const lines = [];
  const readyWaiters = [];
  const gcWaiters = [];
  child.stderr.setEncoding('utf8');
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text) => {
    tail(lines, text);
    for (const line of text.split('\n')) {
      if (line.startsWith('READY ')) for (const waiter of readyWaiters.splice(0)) waiter(JSON.parse(line.slice(6)));
      if (line.startsWith('GC ')) for (const waiter of gcWaiters.splice(0)) waiter(JSON.parse(line.slice(3)));
    }
  });
  child.stderr.on('data', (text) => tail(lines, text));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    name,
    child,
    /**
     * The garbage-collection pauses since the last call (needs bench/lib/gc-probe.cjs preloaded):
     * { minor: {count, ms, maxMs}, major: {…} }, or null when the process does not answer.
     */
    gcPauses: (timeoutMs = 2000) => {
      // without the probe, SIGUSR2 would end the process
      if (!gcProbe || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(null);
      const report = new Promise((resolve) => gcWaiters.push(resolve));
      child.kill('SIGUSR2');
      return Promise.race([report, idle(timeoutMs).then(() => null)]);
    },
    pid: child.pid,
    exited,
    output: () => lines.join('\n'),
    /** Resolves with the JSON of the child's `READY {...}` line. */
    ready: (timeoutMs = 20_000) =>
      Promise.race([
        new Promise((resolve) => readyWaiters.push(resolve)),
        exited.then((code) => Promise.reject(new Error(`${name} exited (${code}) before it was ready:\n${lines.join('\n')}`))),
        idle(timeoutMs).then(() => Promise.reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${lines.join('\n')}`))),
      ]),
  };
}

/** Polls `url` until it answers 200; rejects when the process exits or the time is up. */
export async function waitForHttp(proc, url, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  proc.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${proc.name} exited before it was ready:\n${proc.output()}`);
    try {
      const { statusCode, body } = await request(url);
      await body.dump();
      if (statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; only ever the process we started, by pid. */
export async function stopProcess(proc, graceMs = 5000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const code = await Promise.race([proc.exited, idle(graceMs).then(() => 'timeout')]);
  if (code === 'timeout') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Like sleep, but does not keep the process alive (for deadlines raced against something else). */
const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
