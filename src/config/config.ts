import type { ServiceName } from '../errors/codes.js';
import type { TracingConfig } from './tracing-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type UpstreamsConfig =
  | { readonly mode: 'embedded' }
  | { readonly mode: 'remote'; readonly urls: Readonly<Record<ServiceName, URL>> };

export type AuthConfig =
  | { readonly mode: 'secret'; readonly secret: string }
  | { readonly mode: 'jwks'; readonly url: URL }
  /** development without JWT settings: a random per-process secret signs the printed demo token */
  | { readonly mode: 'demo' };

export type CorsConfig = { readonly mode: 'any' } | { readonly mode: 'list'; readonly origins: readonly string[] };

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxCost: number;
}

export interface PersistedOperationsConfig {
  /** PERSISTED_OPERATIONS_FILE: read and checked by createGateway at start-up */
  readonly file: string | undefined;
  /** PERSISTED_OPERATIONS_ONLY: refuse every document that is not in the file */
  readonly only: boolean;
}

/** Last good data (stale-if-error): `maxAgeSeconds` 0 turns it off. */
export interface StaleConfig {
  readonly maxAgeSeconds: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** Parsed, validated, frozen configuration: the only reader of the environment is load-config.ts. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly upstreams: UpstreamsConfig;
  readonly auth: AuthConfig;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  readonly redisUrl: URL | undefined;
  readonly upstreamTimeoutMs: number;
  readonly breakerResetMs: number;
  /** the most a request may take, and the cap on a client's Request-Timeout-Ms */
  readonly requestTimeoutMs: number;
  readonly stale: StaleConfig;
  readonly passthroughRateLimit: number;
  readonly trustProxy: boolean;
  readonly cors: CorsConfig;
  readonly shutdownGraceMs: number;
  readonly logLevel: LogLevel;
  readonly queryLimits: QueryLimits;
  readonly persistedOperations: PersistedOperationsConfig;
  /** OpenTelemetry traces; undefined (off) unless an OTLP endpoint is set */
  readonly tracing: TracingConfig | undefined;
}
