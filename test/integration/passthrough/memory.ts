import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 200;

/** A full GC when the runtime lets us have one (so RSS reflects live memory, not garbage not yet collected). */
function collectGarbage(times = 2): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') return;
  for (let i = 0; i < times; i += 1) gc();
}

export interface RssReport<T> {
  readonly result: T;
  readonly beforeMb: number;
  readonly peakMb: number;
  readonly afterMb: number;
  /** after − before */
  readonly growthMb: number;
  /** highest sample during the run − before */
  readonly peakGrowthMb: number;
}

/**
 * RSS of this process (the gateway, the fake upstream and the client all run in it) before,
 * during (sampled every 200 ms, after a GC) and after `run`, each end after a full GC.
 */
export async function measureRss<T>(run: () => Promise<T>): Promise<RssReport<T>> {
  collectGarbage();
  const before = process.memoryUsage().rss;
  let peak = before;
  // collecting before each sample: garbage the allocator has not reclaimed yet is not memory the gateway holds
  const sampler = setInterval(() => {
    collectGarbage(1);
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_EVERY_MS);
  let result: T;
  try {
    result = await run();
  } finally {
    clearInterval(sampler);
  }
  collectGarbage();
  const after = process.memoryUsage().rss;
  peak = Math.max(peak, after);
  const round = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return {
    result,
    beforeMb: round(before),
    peakMb: round(peak),
    afterMb: round(after),
    growthMb: round(after - before),
    peakGrowthMb: round(peak - before),
  };
}
