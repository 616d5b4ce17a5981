import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import { createThrottle } from '../../ratelimit/throttle.js';

const WARNING_INTERVAL_MS = 30_000;

/**
 * The exporter with its failures in our log (OpenTelemetry would report them to its global
 * diagnostic logger, silent unless registered): a `warn` line at most every 30 s with the number
 * of spans dropped since the last one. Tracing never fails a request.
 */
export function createLoggingExporter(exporter: SpanExporter, logger: Logger, endpoint: URL): SpanExporter {
  const shouldWarn = createThrottle(WARNING_INTERVAL_MS);
  let dropped = 0;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      exporter.export(spans, (result) => {
        if (result.code === ExportResultCode.FAILED) {
          dropped += spans.length;
          if (shouldWarn()) {
            logger.warn({ droppedSpans: dropped, endpoint: endpoint.origin, err: result.error }, 'tracing: spans could not be exported');
            dropped = 0;
          }
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
