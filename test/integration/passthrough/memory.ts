import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 200;

/** A full GC when the runtime lets us have one (so what we read is live memory, not garbage not yet collected). */
function collectGarbage(times = 2): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') return;
  for (let i = 0; i < times; i += 1) gc();
}

/** What JavaScript holds: the V8 heap in use plus Buffers and other memory outside it. */
function liveBytes(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

export interface MemoryReport<T> {
  readonly result: T;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
  /** RSS after − before, each after a full GC */
  readonly rssGrowthMb: number;
  /** highest RSS sample during the run − before (includes memory the allocator freed but kept) */
  readonly rssPeakGrowthMb: number;
  /** highest heap-in-use + external sample during the run − before: what was actually held */
  readonly livePeakGrowthMb: number;
}

/**
 * Memory of this process (the gateway, the fake upstream and the client all run in it) before,
 * during (sampled every 200 ms, each sample after a full GC) and after `run`.
 */
export async function measureMemory<T>(run: () => Promise<T>): Promise<MemoryReport<T>> {
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const liveBefore = liveBytes();
  let rssPeak = rssBefore;
  let livePeak = liveBefore;
  const sample = (): void => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    livePeak = Math.max(livePeak, liveBytes());
  };
  const sampler = setInterval(() => {
    collectGarbage(1);
    sample();
  }, SAMPLE_EVERY_MS);
  let result: T;
  try {
    result = await run();
  } finally {
    clearInterval(sampler);
  }
  collectGarbage();
  sample();
  const rssAfter = process.memoryUsage().rss;
  const round = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return {
    result,
    rssBeforeMb: round(rssBefore),
    rssAfterMb: round(rssAfter),
    rssGrowthMb: round(rssAfter - rssBefore),
    rssPeakGrowthMb: round(rssPeak - rssBefore),
    livePeakGrowthMb: round(livePeak - liveBefore),
  };
}

/** One line for the lead to quote. */
export function describeMemory(label: string, report: MemoryReport<unknown>): string {
  return (
    `${label}: RSS before ${report.rssBeforeMb} MB, after ${report.rssAfterMb} MB → growth ${report.rssGrowthMb} MB ` +
    `(RSS peak growth ${report.rssPeakGrowthMb} MB; live heap+external peak growth ${report.livePeakGrowthMb} MB)`
  );
}
