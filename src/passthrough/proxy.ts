import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { CorsConfig } from '../config/config.js';
import type { ServiceName } from '../errors/codes.js';
import { GatewayError, rateLimited, unauthenticated } from '../errors/gateway-error.js';
import type { Metrics } from '../observability/metrics.js';
import { inSpan } from '../observability/tracing/request-trace.js';
import type { RateDecision } from '../ratelimit/rate-limiter.js';
import type { RequestState } from '../server/request-state.js';
import type { CallOutcome } from '../upstream/call-context.js';
import { isBreakerOpen, outcomeOf } from '../upstream/classify.js';
import { UpstreamStatusFailure } from '../upstream/failures.js';
import type { ServiceClient } from '../upstream/service-client.js';
import { passthroughDegraded } from '../degradation/passthrough-degraded.js';
import { rehearsePassthrough } from '../degradation/rehearse-passthrough.js';
import { DEGRADED_HEADER } from '../degradation/summary.js';
import { createPassthroughCors } from './cors.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.js';
import { forward } from './forward.js';
import { relayBody } from './relay-body.js';
import { rateLimitHeaders, sendError, statusOf, type Budget } from './respond.js';
import { resolveTarget } from './target.js';

export interface PassthroughDeps {
  readonly clients: Readonly<Record<ServiceName, ServiceClient>>;
  readonly verify: TokenVerifier;
  /** per user, PASSTHROUGH_RATE_LIMIT per minute, on the same counters as the directives */
  readonly limiter: { consume(key: string): Promise<RateDecision> };
  readonly limit: number;
  readonly cors: CorsConfig;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** production ignores Gateway-Simulate */
  readonly production: boolean;
}

/**
 * The REST passthrough: same auth, limits, pools, breakers and deadlines as GraphQL; bodies
 * streamed both ways; upstream 2xx–4xx kept as they are, 5xx turned into 502 without its body.
 */
export function createPassthrough(deps: PassthroughDeps) {
  const fullBudget: Budget = { limit: deps.limit, remaining: deps.limit, resetSeconds: 60 };
  const cors = createPassthroughCors(deps.cors);

  return async (req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void> => {
    let budget = fullBudget;
    const fail = (error: unknown) => {
      if (!(error instanceof GatewayError)) {
        deps.logger.error({ err: error, requestId: state.requestId }, 'passthrough failed');
        sendError(res, 500, 'Internal error', state.requestId, rateLimitHeaders(budget));
        return;
      }
      const headers = rateLimitHeaders(budget);
      if (error.code === 'RATE_LIMITED') headers['retry-after'] = String(error.extensions.retryAfter);
      const status = statusOf(error, isBreakerOpen(error.cause));
      const degraded = status >= 502 && status <= 504 ? passthroughDegraded(error) : undefined;
      if (degraded !== undefined) headers[DEGRADED_HEADER] = degraded;
      sendError(res, status, error.message, state.requestId, headers);
    };
    if (cors.apply(req, res)) return;
    try {
      const target = resolveTarget(req.url ?? '/');
      if (!target.ok) {
        sendError(res, 400, target.reason, state.requestId, rateLimitHeaders(budget));
        return;
      }
      const principal: Principal | undefined = await deps.verify(headerOf(req.headers.authorization), state.trace);
      if (principal === undefined) throw unauthenticated('A bearer token is required');
      state.userId = principal.userId;
      const decision =
        state.trace === undefined
          ? await deps.limiter.consume(principal.userId)
          : await inSpan(state.trace, 'ratelimit passthrough', { 'gateway.ratelimit.field': 'passthrough' }, () => deps.limiter.consume(principal.userId));
      budget = { limit: decision.limit, remaining: decision.remaining, resetSeconds: decision.resetSeconds };
      if (!decision.allowed) {
        deps.metrics.rateLimited('passthrough');
        throw rateLimited(Math.max(1, Math.ceil(decision.resetSeconds)));
      }

      const client = deps.clients[target.target.service];
      if (!deps.production) await rehearsePassthrough(req.headers, client.name, client.timeoutMs, state, req.method ?? 'GET');
      const headers = upstreamRequestHeaders(req.headers, {
        requestId: state.requestId,
        userId: principal.userId,
        roles: principal.roles,
        clientIp: state.clientIp,
        host: headerOf(req.headers.host),
      });
      const upstream = await observed(client, state, req.method ?? 'GET', headers, () => forward(client, req, res, target.target.path, headers));
      res.writeHead(upstream.statusCode, { ...clientResponseHeaders(upstream.headers), ...rateLimitHeaders(budget) });
      await relayBody(upstream.body, res).catch((error: unknown) => {
        deps.logger.warn({ err: error, requestId: state.requestId, service: client.name }, 'passthrough body stream ended early');
        res.destroy();
      });
    } catch (error) {
      fail(error);
    }
  };
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Times one passthrough call and reports it to the request log and the metrics. */
async function observed<T extends { statusCode: number }>(
  client: ServiceClient,
  state: RequestState,
  method: string,
  headers: Record<string, string | string[]>,
  call: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const route = `${method} /api`;
  // tracing on: a client span, and the gateway's traceparent in place of the client's
  const span = state.trace?.startCall(client.name, route, client.breaker, headers);
  span?.attempt();
  const report = (outcome: CallOutcome, status: number | undefined) => {
    const event = { service: client.name, route, status, outcome, durationMs: performance.now() - started };
    state.upstreamCalls.push(event);
    client.observe(event);
  };
  try {
    const response = await call();
    const outcome = response.statusCode >= 400 ? 'client_error' : 'ok';
    report(outcome, response.statusCode);
    span?.answered(response.statusCode, outcome);
    return response;
  } catch (error) {
    const outcome = error instanceof GatewayError ? outcomeOf(error) : 'error';
    report(outcome, undefined);
    span?.failed(error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR', outcome, statusOfFailure(error));
    throw error;
  }
}

function statusOfFailure(error: unknown): number | undefined {
  return error instanceof GatewayError && error.cause instanceof UpstreamStatusFailure ? error.cause.status : undefined;
}
