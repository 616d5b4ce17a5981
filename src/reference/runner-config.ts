import { ConfigError } from '../config/config-error.js';
import { oneOf, optional, port } from '../config/parsers.js';
import type { ServiceName } from '../errors/codes.js';

type Env = Readonly<Record<string, string | undefined>>;

export const RUNNER_SERVICES = ['users', 'orders', 'cart', 'all'] as const;
export type RunnerService = (typeof RUNNER_SERVICES)[number];

export interface RunnerConfig {
  readonly service: RunnerService;
  readonly port: number;
  readonly host: string;
}

export interface ListenPlan {
  readonly name: ServiceName;
  readonly port: number;
}

/** `SERVICE` (default all), `PORT` (default 8080), `HOST` (default 0.0.0.0); throws ConfigError. */
export function parseRunnerEnv(env: Env): RunnerConfig {
  const service = oneOf('SERVICE', optional(env, 'SERVICE'), RUNNER_SERVICES, 'all');
  const raw = optional(env, 'PORT');
  const listenPort = port('PORT', raw, 8080);
  if (service === 'all' && listenPort > 65_533) {
    throw new ConfigError(`PORT must leave room for PORT+2 when SERVICE is all (got "${raw ?? listenPort}")`);
  }
  return Object.freeze({ service, port: listenPort, host: optional(env, 'HOST') ?? '0.0.0.0' });
}

/** Which services listen where: `all` uses PORT, PORT+1, PORT+2 (or three free ports for 0). */
export function listenPlan(config: RunnerConfig): ListenPlan[] {
  if (config.service !== 'all') return [{ name: config.service, port: config.port }];
  const next = (offset: number): number => (config.port === 0 ? 0 : config.port + offset);
  return [
    { name: 'users', port: next(0) },
    { name: 'orders', port: next(1) },
    { name: 'cart', port: next(2) },
  ];
}
