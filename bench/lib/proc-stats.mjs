// What /proc tells about the processes and the machine: RSS, CPU time, per-core busy time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resident set size in MiB from /proc/<pid>/status (VmRSS), or null off Linux. */
export function rssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The sum of two fields of /proc/<pid>/stat (by index after the command name: 0 is field 3, state) in seconds, or null off Linux. */
function statSeconds(pid, a, b) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[a]) + Number(fields[b])) / clockTicks();
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used (utime, stime: fields 14 and 15), or null off Linux. */
export const cpuSeconds = (pid) => statSeconds(pid, 11, 12);

/**
 * CPU seconds of the process's children that have exited and been waited for (cutime + cstime):
 * for the bench process, the wrk runs that have finished.
 */
export const childrenCpuSeconds = (pid) => statSeconds(pid, 13, 14);

/** The CPU model from /proc/cpuinfo. */
export function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * CPU seconds spent in processes (user + nice + system) on the whole machine since boot, from
 * /proc/stat, or null. Interrupt time is left out: processes' own utime/stime do not include it.
 */
export function machineBusySeconds() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, user, nice, system] = line.trim().split(/\s+/).map(Number);
    return (user + nice + system) / clockTicks();
  } catch {
    return null;
  }
}

/**
 * Waits until the machine is quiet: over 1 s, other processes use less than `thresholdPct` of a
 * core (the bench's own processes are idle while this runs). Gives up after `maxSeconds`.
 * Resolves with { waitedSeconds, busyPct } of the last check (busyPct null off Linux).
 */
export async function waitForQuiet(maxSeconds, thresholdPct = 15) {
  const started = performance.now();
  for (;;) {
    const a = machineBusySeconds();
    await sleep(1000);
    const b = machineBusySeconds();
    const busyPct = a === null || b === null ? null : Math.round((b - a) * 1000) / 10;
    const waitedSeconds = Math.round((performance.now() - started) / 100) / 10;
    if (busyPct === null || busyPct < thresholdPct || waitedSeconds >= maxSeconds) return { waitedSeconds, busyPct };
  }
}

/** Busy (not idle, not iowait) CPU seconds per core since boot, from /proc/stat; [] off Linux. */
export function coreBusySeconds() {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((line) => /^cpu\d+ /.test(line))
      .map((line) => {
        const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
        return (ticks.reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) / clockTicks();
      });
  } catch {
    return [];
  }
}
