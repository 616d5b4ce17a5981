import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_SCHEME } from '@opentelemetry/semantic-conventions';
import { CallSpan, type BreakerView } from './call-span.js';

/** Starts the server span of each request (built once per gateway). */
export interface RequestTracer {
  /**
   * Continues the caller's W3C `traceparent`/`tracestate` when well formed, else starts a trace.
   * Undefined for the probes and /metrics, which are never traced.
   */
  start(method: string | undefined, route: string, requestId: string, headers: IncomingHttpHeaders): RequestTrace | undefined;
}

const UNTRACED: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

export function createRequestTracer(tracer: Tracer, propagator: TextMapPropagator): RequestTracer {
  return {
    start(rawMethod, route, requestId, headers) {
      if (UNTRACED.has(route)) return undefined;
      const method = rawMethod !== undefined && KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
      const remote = headers.traceparent === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const span = tracer.startSpan(route === 'other' ? method : `${method} ${route}`, { kind: SpanKind.SERVER }, remote);
      // attributes only for a span that is kept: a sampled-out request builds none
      if (span.isRecording()) {
        span.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_SCHEME]: 'http', 'gateway.request_id': requestId });
        if (route !== 'other') span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      return new RequestTrace(tracer, propagator, span);
    },
  };
}

/**
 * The trace of one request: its server span, and the span its next children start under (the
 * server span, then the GraphQL phase that is running). Per request, only while tracing is on.
 * A sampled-out request (`recording` false) makes no other span but still passes its
 * `traceparent` on, flagged not sampled, so the services make the same decision.
 */
export class RequestTrace {
  readonly traceId: string;
  readonly spanId: string;
  readonly recording: boolean;
  /** what children start under; the GraphQL plugin moves it to the phase running */
  parent: Context;

  constructor(
    readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    readonly span: Span,
  ) {
    const context = span.spanContext();
    this.traceId = context.traceId;
    this.spanId = context.spanId;
    this.recording = span.isRecording();
    this.parent = trace.setSpan(ROOT_CONTEXT, span);
  }

  /** A child of the current parent, or undefined when the request is sampled out. */
  startSpan(name: string, kind: SpanKind = SpanKind.INTERNAL, attributes?: Attributes): Span | undefined {
    if (!this.recording) return undefined;
    return this.tracer.startSpan(name, { kind, attributes }, this.parent);
  }

  /** Makes `span` the parent of what starts next; returns the parent to put back after it. */
  enter(span: Span): Context {
    const previous = this.parent;
    this.parent = trace.setSpan(ROOT_CONTEXT, span);
    return previous;
  }

  /**
   * The client span of one upstream call, its `traceparent` (and `tracestate`) written into the
   * outgoing `headers`, replacing any the client sent. Sampled out: only the headers, no span.
   */
  startCall(service: string, route: string, breaker: BreakerView, headers: Record<string, string | string[]>): CallSpan | undefined {
    const span = this.recording ? this.tracer.startSpan(`${service} ${route}`, { kind: SpanKind.CLIENT }, this.parent) : undefined;
    this.inject(headers, span);
    return span === undefined ? undefined : new CallSpan(span, service, route, breaker.state());
  }

  /** Writes the W3C headers of `span` (else of the server span) into outgoing headers. */
  inject(headers: Record<string, string | string[]>, span?: Span): void {
    delete headers.traceparent;
    delete headers.tracestate;
    this.propagator.inject(span === undefined ? this.parent : trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
  }

  /** Ends the server span with the response status (a 5xx marks it as an error; 499: the client went away). */
  end(status: number): void {
    if (!this.recording) return;
    this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}

/** Runs `task` inside a child span of `trace` (as its parent for what starts inside), ending it either way. */
export async function inSpan<T>(trace: RequestTrace | undefined, name: string, attributes: Attributes, task: () => Promise<T>): Promise<T> {
  const span = trace?.startSpan(name, SpanKind.INTERNAL, attributes);
  if (trace === undefined || span === undefined) return task();
  const previous = trace.enter(span);
  try {
    return await task();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    trace.parent = previous;
    span.end();
  }
}
