import { expect } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';

/** The message of the ConfigError `load` throws; fails the test when it throws none or another error. */
export function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('the configuration was accepted');
}
