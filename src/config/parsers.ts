import { ConfigError } from './config-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when unset or blank. */
export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function httpUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL (got "${raw}")`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${name} must not carry a query, fragment or credentials (got "${raw}")`);
  }
  return url;
}

export function redisUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a redis:// or rediss:// URL (got "${raw}")`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`${name} must be a redis:// or rediss:// URL (got "${raw}")`);
  }
  return url;
}

export function positiveInt(name: string, raw: string | undefined, fallback: number, max = 2_147_483_647): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ConfigError(`${name} must be a positive integer up to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

/** Like positiveInt, but 0 is allowed (a switch-off value such as STALE_MAX_AGE_S=0). */
export function nonNegativeInt(name: string, raw: string | undefined, fallback: number, max = 2_147_483_647): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from 0 to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

export function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535 (got "${raw}")`);
  }
  return Number(raw);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

export function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  const found = allowed.find((value) => value === raw);
  if (found === undefined) throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return found;
}

/** A comma-separated list of origins such as https://app.example.com. */
export function origins(name: string, raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      if (part === '*') return part;
      const url = httpUrl(name, part);
      if (url.pathname !== '/') {
        throw new ConfigError(`${name} entries must be origins like https://app.example.com (got "${part}")`);
      }
      return url.origin;
    });
}
