import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';
import { parseAllDocuments } from 'yaml';

/** A kustomize found on PATH: how to build a kustomization directory with it. */
export interface Kustomize {
  /** e.g. `kubectl kustomize (Kustomize Version: v5.5.0)` */
  readonly name: string;
  /** The objects `dir` renders to, in kustomize's order; throws with kustomize's stderr when it fails. */
  build(dir: string): unknown[];
}

function answers(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : undefined;
}

function builder(name: string, command: string, args: (dir: string) => string[]): Kustomize {
  return {
    name,
    build(dir) {
      const result = spawnSync(command, args(dir), { encoding: 'utf8', timeout: 30_000 });
      if (result.status !== 0) throw new Error(`${name} failed on ${dir}: ${result.stderr || result.error?.message}`);
      return parseAllDocuments(result.stdout)
        .map((document): unknown => document.toJS())
        .filter((object) => object !== null);
    },
  };
}

/** The standalone `kustomize` when there is one, else `kubectl kustomize` (kubectl 1.14+ embeds kustomize). */
export function findKustomize(): Kustomize | undefined {
  const standalone = answers('kustomize', ['version']);
  if (standalone !== undefined) return builder(`kustomize ${standalone}`, 'kustomize', (dir) => ['build', dir]);
  const kubectl = answers('kubectl', ['version', '--client']);
  if (kubectl === undefined) return undefined;
  const version = /Kustomize Version: (\S+)/.exec(kubectl)?.[1] ?? 'v2.0.3, embedded in kubectl before 1.21';
  return builder(`kubectl kustomize (kustomize ${version})`, 'kubectl', (dir) => ['kustomize', dir]);
}

/**
 * `describe` when a kustomize is on PATH, else `describe.skip` with a message; with
 * REQUIRE_KUSTOMIZE=1 (set by CI, which installs Debian's kubectl when none is there) a missing
 * kustomize fails the run instead.
 */
export function describeWithKustomize(kustomize: Kustomize | undefined): typeof describe | typeof describe.skip {
  if (kustomize !== undefined) return describe;
  if (process.env.REQUIRE_KUSTOMIZE === '1') throw new Error('REQUIRE_KUSTOMIZE=1 but neither kustomize nor kubectl is on PATH');
  console.warn('Neither kustomize nor kubectl on PATH: skipping the Kubernetes manifest tests (set REQUIRE_KUSTOMIZE=1 to fail instead)');
  return describe.skip;
}
