import { ConfigError } from './config-error.js';
import { bool, httpUrl, oneOf, optional, positiveInt } from './parsers.js';

type Env = Readonly<Record<string, string | undefined>>;

export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

/** OTLP over HTTP only: protobuf (the specification's default) or JSON. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** OpenTelemetry traces, on only when an OTLP endpoint is configured. */
export interface TracingConfig {
  /** the full URL spans are POSTed to, e.g. `http://collector:4318/v1/traces` */
  readonly endpoint: URL;
  readonly protocol: OtlpProtocol;
  /** sent with every export (OTEL_EXPORTER_OTLP_HEADERS), e.g. a collector's API key */
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
  readonly sampler: TraceSamplerName;
  /** the ratio of the `*traceidratio` samplers, 0 to 1 */
  readonly samplerRatio: number;
  /** how long finished spans wait before a batch is sent */
  readonly scheduleDelayMs: number;
  readonly exportTimeoutMs: number;
}

const RATIO_SAMPLERS: ReadonlySet<TraceSamplerName> = new Set(['traceidratio', 'parentbased_traceidratio']);

/**
 * The standard OTEL_* variables → TracingConfig, or undefined (tracing off) when neither
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT nor OTEL_EXPORTER_OTLP_ENDPOINT is set, or OTEL_SDK_DISABLED is true.
 * The traces endpoint is used as it is; the generic one gets `/v1/traces` appended, as the specification says.
 */
export function loadTracing(env: Env): TracingConfig | undefined {
  if (bool('OTEL_SDK_DISABLED', optional(env, 'OTEL_SDK_DISABLED'), false)) return undefined;
  const endpoint = loadEndpoint(env);
  if (endpoint === undefined) return undefined;
  const sampler = oneOf('OTEL_TRACES_SAMPLER', optional(env, 'OTEL_TRACES_SAMPLER'), TRACE_SAMPLERS, 'parentbased_always_on');
  const ratioRaw = optional(env, 'OTEL_TRACES_SAMPLER_ARG');
  return {
    endpoint,
    protocol: loadProtocol(env),
    headers: {
      ...otlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', optional(env, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...otlpHeaders('OTEL_EXPORTER_OTLP_TRACES_HEADERS', optional(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    },
    serviceName: optional(env, 'OTEL_SERVICE_NAME') ?? 'gateway',
    sampler,
    samplerRatio: RATIO_SAMPLERS.has(sampler) ? ratio('OTEL_TRACES_SAMPLER_ARG', ratioRaw) : 1,
    scheduleDelayMs: positiveInt('OTEL_BSP_SCHEDULE_DELAY', optional(env, 'OTEL_BSP_SCHEDULE_DELAY'), 5000, 600_000),
    exportTimeoutMs: positiveInt('OTEL_EXPORTER_OTLP_TIMEOUT', optional(env, 'OTEL_EXPORTER_OTLP_TIMEOUT'), 10_000, 600_000),
  };
}

function loadProtocol(env: Env): OtlpProtocol {
  const traces = optional(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL');
  if (traces !== undefined) return oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', traces, OTLP_PROTOCOLS, 'http/protobuf');
  return oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', optional(env, 'OTEL_EXPORTER_OTLP_PROTOCOL'), OTLP_PROTOCOLS, 'http/protobuf');
}

function loadEndpoint(env: Env): URL | undefined {
  const traces = optional(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces !== undefined) return otlpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces);
  const base = optional(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return undefined;
  const url = otlpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url;
}

function otlpUrl(name: string, raw: string): URL {
  try {
    return httpUrl(name, raw);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${name} must be an http(s) URL of an OTLP/HTTP receiver (got "${raw}")`);
    throw error;
  }
}

/** OTEL_TRACES_SAMPLER_ARG: a number from 0 to 1 (default 1). */
export function ratio(name: string, raw: string | undefined): number {
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(raw) || !(value >= 0 && value <= 1)) {
    throw new ConfigError(`${name} must be a number from 0 to 1 (got "${raw}")`);
  }
  return value;
}

/** `key1=value1,key2=value2`, values URL-encoded (the OTLP exporter specification's format). */
export function otlpHeaders(name: string, raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (raw === undefined) return headers;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? '' : part.slice(0, eq).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key)) {
      // the value may be a credential: name the variable, never echo it
      throw new ConfigError(`${name} must be a list of key=value pairs separated by commas`);
    }
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(`${name} has a value that is not URL-encoded (key "${key}")`);
    }
    headers[key] = value;
  }
  return headers;
}
