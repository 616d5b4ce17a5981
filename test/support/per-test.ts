import { afterEach } from 'vitest';

/**
 * For files that start a fresh server (or stack) in each test: wraps `start` so whatever it
 * started is closed after the test. Call at the top of a describe block.
 */
export function perTest<A extends unknown[], T extends { close(): Promise<void> }>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let started: T | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });
  return async (...args) => {
    started = await start(...args);
    return started;
  };
}
