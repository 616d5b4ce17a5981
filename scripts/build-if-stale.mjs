// Runs before `npm start`: compiles src/ to dist/ when dist/ is missing or older than src/.
// A production image ships a fresh dist/ without the TypeScript compiler, so nothing runs there.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const srcDir = join(root, 'src');
const stale = !existsSync(entry) || (existsSync(srcDir) && newestMtime(srcDir) > statSync(entry).mtimeMs);
if (!stale) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('dist/ is missing or stale and the TypeScript compiler is not installed: run `npm ci` (with dev dependencies) first');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// tsc leaves unchanged outputs alone: touch the entry point so the next start sees a fresh build.
const now = new Date();
import('node:fs').then(({ utimesSync }) => utimesSync(entry, now, now));
