// Preloaded (node --require) into every contender process by the bench: adds up V8's garbage
// collection pauses. On SIGUSR2 it prints `GC {...}` (the pauses since the last report) on stdout
// and starts counting again, so the bench can read the pauses of each measured window. It also
// reports the longest event-loop stall of the window: GC pauses are not the only thing that
// holds a request up (the process's own background threads, V8's compiler and GC helpers, share
// its one core with the main thread).
'use strict';
const { PerformanceObserver, constants, monitorEventLoopDelay } = require('node:perf_hooks');

const fresh = () => ({ minor: { count: 0, ms: 0, maxMs: 0 }, major: { count: 0, ms: 0, maxMs: 0 } });
let pauses = fresh();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // minor = scavenges of the young generation; everything else is old-generation work
    const kind = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? pauses.minor : pauses.major;
    kind.count += 1;
    kind.ms += entry.duration;
    kind.maxMs = Math.max(kind.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  // the longest delay of a 10 ms timer: the loop's longest stall, give or take that resolution
  process.stdout.write(`GC ${JSON.stringify({ ...pauses, loop: { maxMs: loopDelay.max / 1e6 } })}\n`);
  pauses = fresh();
  loopDelay.reset();
});
