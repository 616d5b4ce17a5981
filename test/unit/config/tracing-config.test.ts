import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../../support/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { loadTracing } from '../../../src/config/tracing-config.js';

const errorOf = (env: Record<string, string>): string => configErrorOf(() => loadTracing(env));

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' } as const;

describe('tracing configuration', () => {
  it('is off without an OTLP endpoint', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadTracing({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
  });

  it('is off with OTEL_SDK_DISABLED=true even with an endpoint', () => {
    expect(loadTracing({ ...ENDPOINT, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('appends /v1/traces to the generic endpoint and applies the specification defaults', () => {
    const tracing = loadTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(tracing?.endpoint.href).toBe('http://collector:4318/v1/traces');
    expect(tracing).toMatchObject({
      protocol: 'http/protobuf',
      serviceName: 'gateway',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      scheduleDelayMs: 5000,
      exportTimeoutMs: 10_000,
      headers: {},
    });
  });

  it('uses the traces endpoint as it is, before the generic one', () => {
    const tracing = loadTracing({ ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.com/custom/path' });
    expect(tracing?.endpoint.href).toBe('https://otel.example.com/custom/path');
  });

  it('reads the service name, sampler, ratio, protocol, headers and batch delay', () => {
    const tracing = loadTracing({
      ...ENDPOINT,
      OTEL_SERVICE_NAME: 'edge-gateway',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%3D%3D,X-Tenant = t1',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    expect(tracing).toMatchObject({
      serviceName: 'edge-gateway',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      protocol: 'http/json',
      headers: { 'api-key': 'abc==', 'x-tenant': 't1' },
      scheduleDelayMs: 200,
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL of an OTLP/HTTP receiver (got "collector:4318")'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://c:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL of an OTLP/HTTP receiver (got "grpc://c:4317")'],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio (got "sometimes")'],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "1.5")'],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "half")'],
    [{ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (got "grpc")'],
    [{ ...ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-key' }, 'OTEL_EXPORTER_OTLP_HEADERS must be a list of key=value pairs separated by commas'],
    [{ ...ENDPOINT, OTEL_BSP_SCHEDULE_DELAY: '0' }, 'OTEL_BSP_SCHEDULE_DELAY must be a positive integer up to 600000 (got "0")'],
    [{ ...ENDPOINT, OTEL_SDK_DISABLED: 'maybe' }, 'OTEL_SDK_DISABLED must be true or false (got "maybe")'],
  ])('refuses %o', (env, message) => {
    expect(errorOf(env)).toBe(message);
  });

  it('ignores the ratio for samplers that take none', () => {
    expect(loadTracing({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'ignored' })?.samplerRatio).toBe(1);
  });
});
