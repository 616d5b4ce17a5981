// --nice: the bench's processes above the neighbours on a shared machine, undone at the end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const AUTOGROUP = '/proc/self/autogroup';

/**
 * Sets this process's nice value (children inherit it). With autogroup scheduling nice only ranks
 * processes within one session, so the session's autogroup gets it too. Returns a function that
 * puts the autogroup's old value back; throws when the system refuses (e.g. not root).
 */
export function raisePriority(nice) {
  setPriority(nice);
  if (!existsSync(AUTOGROUP)) return () => {};
  const before = /nice (-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'))?.[1];
  writeFileSync(AUTOGROUP, String(nice));
  return before === undefined ? () => {} : () => writeFileSync(AUTOGROUP, before);
}
