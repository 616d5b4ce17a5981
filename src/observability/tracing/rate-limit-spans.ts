import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { RequestTrace } from './request-trace.js';

/**
 * A span per rate-limit check of a `@rateLimit` field (the Redis command, or the memory counter):
 * the directive library gives its key generator the request's context and calls `setState` or
 * `onLimit` with the same resolve info after the check, so the span is found again by that info.
 * Built once; used only while tracing is on.
 */
export function createRateLimitSpans(store: 'redis' | 'memory') {
  const running = new WeakMap<object, Span>();
  const attributes = store === 'redis' ? { 'gateway.ratelimit.store': store, 'db.system.name': 'redis' } : { 'gateway.ratelimit.store': store };
  return {
    start(trace: RequestTrace, field: string, info: object): void {
      const span = trace.startSpan(`ratelimit ${field}`, store === 'redis' ? SpanKind.CLIENT : SpanKind.INTERNAL, { ...attributes, 'gateway.ratelimit.field': field });
      if (span !== undefined) running.set(info, span);
    },
    end(info: object, allowed: boolean, remaining: number): void {
      const span = running.get(info);
      if (span === undefined) return;
      running.delete(info);
      span.setAttributes({ 'gateway.ratelimit.allowed': allowed, 'gateway.ratelimit.remaining': remaining });
      if (!allowed) span.setStatus({ code: SpanStatusCode.ERROR, message: 'RATE_LIMITED' });
      span.end();
    },
  };
}
