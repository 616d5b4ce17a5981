/**
 * `true` at most once per `intervalMs` (the first call always): for log lines that would
 * otherwise repeat on every request while a dependency is down.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last: number | undefined;
  return () => {
    const at = now();
    if (last !== undefined && at - last < intervalMs) return false;
    last = at;
    return true;
  };
}
