import { Pool } from 'undici';
import type { ServiceName } from '../errors/codes.js';
import type { CallSpan } from '../observability/tracing/call-span.js';
import type { Breaker } from './breaker.js';
import { CallSignal } from './call-signal.js';
import { identityHeaders, type CallContext, type CallOutcome, type UpstreamCallEvent } from './call-context.js';
import { classify, outcomeOf } from './classify.js';
import { DeadlineExceeded, UpstreamStatusFailure } from './failures.js';
import { readJson } from './read-json.js';
import { MIN_CALL_MS, REQUEST_TIMEOUT_HEADER, callDeadlineMs } from '../degradation/request-budget.js';
import { rehearse } from '../degradation/simulate.js';
import { upstreamTimeout } from '../errors/gateway-error.js';

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** path and query below the service's base URL, e.g. `/users?ids=u1,u2` */
  readonly path: string;
  /** a bounded label for logs and metrics, e.g. `GET /users/:id` */
  readonly route: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A 2xx answer parsed to T, or a 4xx answer as it came; 5xx and unusable answers are thrown as GatewayErrors. */
export type JsonReply<T> =
  | { readonly ok: true; readonly status: number; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly body: unknown };

/** Checks an upstream body's shape; throws UnreadableBody (so the breaker counts it) when it is not T. */
export type Parse<T> = (body: unknown) => T;

export interface ServiceClientOptions {
  readonly name: ServiceName;
  readonly baseUrl: URL;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly connections: number;
  readonly breaker: Breaker;
  /** shared observer (metrics); the per-request one is on the CallContext */
  readonly observe?: (event: UpstreamCallEvent) => void;
}

/** One keep-alive pool, one breaker and one deadline rule per service; shared by every request. */
export interface ServiceClient {
  readonly name: ServiceName;
  readonly pool: Pool;
  readonly breaker: Breaker;
  readonly basePath: string;
  readonly timeoutMs: number;
  json<T>(request: JsonRequest, parse: Parse<T>, ctx: CallContext): Promise<JsonReply<T>>;
  /** reports a call made on the pool directly (the passthrough) to the shared observer */
  observe(event: UpstreamCallEvent): void;
  close(): Promise<void>;
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const { name, timeoutMs, breaker, maxBodyBytes } = options;
  const pool = new Pool(options.baseUrl.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 10_000,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs * 2,
    bodyTimeout: timeoutMs * 2,
  });
  const basePath = options.baseUrl.pathname.replace(/\/+$/, '');

  const attempt = async <T>(
    request: JsonRequest,
    parse: Parse<T>,
    headers: Record<string, string>,
    signal: CallSignal,
    span: CallSpan | undefined,
  ): Promise<JsonReply<T>> => {
    span?.attempt();
    const response = await pool.request({
      method: request.method,
      path: basePath + request.path,
      headers,
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal,
    });
    if (response.statusCode >= 500) {
      await response.body.dump().catch(() => undefined);
      throw new UpstreamStatusFailure(response.statusCode);
    }
    if (response.statusCode >= 400) {
      const body = await readJson(response.body, response.headers, maxBodyBytes).catch(() => undefined);
      return { ok: false, status: response.statusCode, body };
    }
    const value = parse(await readJson(response.body, response.headers, maxBodyBytes));
    return { ok: true, status: response.statusCode, value };
  };

  const json = async <T>(request: JsonRequest, parse: Parse<T>, ctx: CallContext): Promise<JsonReply<T>> => {
    const started = performance.now();
    const remainingMs = ctx.deadlineAt === undefined ? timeoutMs : ctx.deadlineAt - started;
    const callMs = callDeadlineMs(timeoutMs, remainingMs);
    const headers: Record<string, string> = { ...identityHeaders(ctx), accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (ctx.deadlineAt !== undefined) headers[REQUEST_TIMEOUT_HEADER] = String(Math.max(0, Math.floor(remainingMs)));
    const retryable = request.method !== 'POST' || headers['idempotency-key'] !== undefined;
    // Calls not made (budget spent, rehearsed faults) go to the request log, never to the real calls' metrics.
    let made = false;
    const span = ctx.trace?.startCall(name, request.route, breaker, headers);
    const report = (outcome: CallOutcome, status: number | undefined) => {
      const event = { service: name, route: request.route, status, outcome, durationMs: performance.now() - started };
      if (made) options.observe?.(event);
      ctx.onCall?.(event);
    };
    if (callMs < MIN_CALL_MS) {
      report('timeout', undefined);
      span?.failed('UPSTREAM_TIMEOUT', 'timeout', undefined);
      throw upstreamTimeout(name, new DeadlineExceeded(callMs));
    }
    const deadline = new CallSignal();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded(callMs)), callMs);
    try {
      const fault = ctx.faults?.[name];
      if (fault !== undefined) await rehearse(fault, deadline);
      made = true;
      const reply = await breaker.execute(() => attempt(request, parse, headers, deadline, span), retryable, deadline);
      report(reply.ok ? 'ok' : 'client_error', reply.status);
      span?.answered(reply.status, reply.ok ? 'ok' : 'client_error');
      return reply;
    } catch (error) {
      const failure = classify(name, error, deadline);
      const status = error instanceof UpstreamStatusFailure ? error.status : undefined;
      report(outcomeOf(failure), status);
      span?.failed(failure.code, outcomeOf(failure), status);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  };

  const observe = (event: UpstreamCallEvent) => options.observe?.(event);
  return { name, pool, breaker, basePath, timeoutMs, json, observe, close: () => pool.close() };
}

