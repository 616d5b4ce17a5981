import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';

/** What a call span reads of the service's breaker when the call starts. */
export interface BreakerView {
  state(): string;
}

/**
 * The client span of one upstream call (per call, only for a sampled request): service, route,
 * breaker state at the start, attempts, then status and outcome. A failure marks it as an error
 * with the gateway's code (`error.type`); a 4xx reply too, per the HTTP client conventions, with
 * its status as the type. No URL (ids are arguments), header or body goes into it.
 */
export class CallSpan {
  private attempts = 0;

  constructor(
    private readonly span: Span,
    service: string,
    route: string,
    breakerState: string,
  ) {
    const space = route.indexOf(' ');
    span.setAttributes({
      'peer.service': service,
      [ATTR_HTTP_REQUEST_METHOD]: space === -1 ? route : route.slice(0, space),
      'gateway.upstream.route': route,
      'gateway.breaker.state': breakerState,
    });
  }

  /** One more try of the call (the first, or the retry after a connection failure). */
  attempt(): void {
    this.attempts += 1;
  }

  /** The service answered (2xx, or a 4xx that is an answer, not a failure). */
  answered(status: number, outcome: string): void {
    this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 400) this.span.setStatus({ code: SpanStatusCode.ERROR }).setAttribute(ATTR_ERROR_TYPE, String(status));
    this.finish(outcome);
  }

  /** The call failed: timeout, connection, open breaker, 5xx or unreadable body; `code` is the GatewayError's. */
  failed(code: string, outcome: string, status: number | undefined): void {
    if (status !== undefined) this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: code }).setAttributes({ [ATTR_ERROR_TYPE]: code, 'gateway.error.code': code });
    this.finish(outcome);
  }

  private finish(outcome: string): void {
    this.span.setAttributes({ 'gateway.upstream.outcome': outcome, 'gateway.upstream.attempts': this.attempts });
    if (this.attempts > 1) this.span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, this.attempts - 1);
    this.span.end();
  }
}
