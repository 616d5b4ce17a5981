// --profile: the contender's server (the gateway or a baseline) runs under node --cpu-prof; after
// one run it is stopped (the profile is written at exit) and the samples of the measured window are ranked.
import { profileMarkdown, summarizeProfile } from './cpuprofile.mjs';
import { measureContender } from './measure.mjs';
import { stopProcess } from './processes.mjs';

/** The node flags that make the gateway write `<dir>/<name>` when it exits. */
export const cpuProfileArgs = (dir, name) => ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name];

/** Resolves with { run, summary, file, text }. */
export async function runProfile({ contender, stack, settings, file, root, log }) {
  let window;
  const run = await measureContender({
    contender,
    server: stack.servers[contender.server],
    upstreams: stack.upstreams,
    settings: { ...settings, warmupSeconds: settings.firstWarmupSeconds },
    // V8's profile timestamps and process.hrtime both count CLOCK_MONOTONIC microseconds
    onWindow: (start, end) => (window = { startUs: Number(start / 1000n), endUs: Number(end / 1000n) }),
  });
  log(`profiled run: ${run.rps} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms (with --cpu-prof overhead)`);
  await stopProcess(stack.servers[contender.server].proc, 15_000);
  const summary = summarizeProfile(file, { root, window });
  return { run, summary, window, file, text: `CPU profile of ${contender.server} under the ${contender.id} load (${file}):\n\n${profileMarkdown(summary)}` };
}
