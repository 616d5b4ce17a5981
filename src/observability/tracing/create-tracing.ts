import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { TracingConfig } from '../../config/tracing-config.js';
import { createLoggingExporter } from './logging-exporter.js';
import { createRequestTracer, type RequestTracer } from './request-trace.js';

/** The gateway's OpenTelemetry traces: built once by the composition root, flushed by close(). */
export interface Tracing {
  readonly requests: RequestTracer;
  /** Sends what is still queued and stops the exporter; never waits more than SHUTDOWN_FLUSH_MS. */
  shutdown(): Promise<void>;
}

const SCOPE = { name: 'rest-graphql-gateway', version: '0.1.0' } as const;
/** A receiver that does not answer cannot hold up the exit (main.ts exits 1 five seconds after the grace). */
export const SHUTDOWN_FLUSH_MS = 2000;

/**
 * A TracerProvider of our own, never registered as the global one (nothing else can reach it and
 * tests tear it down with the gateway), a batch processor and the OTLP/HTTP exporter. Every
 * setting comes from TracingConfig: `@opentelemetry/sdk-trace` reads no environment variable, and
 * the exporter is given the endpoint, headers, timeout and compression explicitly.
 */
export function createTracing(config: TracingConfig, logger: Logger): Tracing {
  const exporterOptions = {
    url: config.endpoint.href,
    headers: { ...config.headers },
    timeoutMillis: config.exportTimeoutMs,
    compression: undefined,
  };
  const exporter = config.protocol === 'http/json' ? new JsonExporter(exporterOptions) : new ProtobufExporter(exporterOptions);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, [ATTR_SERVICE_VERSION]: SCOPE.version }),
    sampler: toSampler(config),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: createLoggingExporter(exporter, logger, config.endpoint),
        scheduledDelayMillis: config.scheduleDelayMs,
        exportTimeoutMillis: config.exportTimeoutMs,
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
      }),
    ],
  });
  const tracer = provider.getTracer(SCOPE.name, SCOPE.version);
  return {
    requests: createRequestTracer(tracer, new W3CTraceContextPropagator()),
    shutdown: async () => {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS)));
      await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
    },
  };
}

/** The specification's samplers by their OTEL_TRACES_SAMPLER names. */
export function toSampler(config: Pick<TracingConfig, 'sampler' | 'samplerRatio'>): Sampler {
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(config.samplerRatio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.samplerRatio) });
  }
}
