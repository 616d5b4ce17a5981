import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './gateway-process.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `body` in a node process with the gateway's logger (dist/) as `logger`, stdout to a pipe. */
function run(body: string): { lines: Array<Record<string, unknown>>; status: number | null } {
  const script = `import { createLogger } from './dist/observability/logger.js';\nconst logger = createLogger('info');\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const lines = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, status: result.status };
}

describe('log lines on stdout', () => {
  beforeAll(() => ensureBuilt());

  it('writes every line logged in the turn the process exits in, in order', () => {
    const { lines, status } = run(`for (let i = 0; i < 500; i++) logger.info({ i }, 'line'); process.exit(3);`);

    expect(status).toBe(3);
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('writes the lines of a turn before those of the next, and before a crash ends the process', () => {
    const { lines, status } = run(
      `logger.info('first turn'); setImmediate(() => { logger.warn('second turn'); setImmediate(() => { logger.error('last words'); throw new Error('crash'); }); });`,
    );

    expect(status).not.toBe(0);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'first turn'],
      [40, 'second turn'],
      [50, 'last words'],
    ]);
  });
});
