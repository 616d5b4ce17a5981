import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import type { RequestTracer } from '../observability/tracing/request-trace.js';
import { requestIdFrom } from '../observability/request-id.js';
import { clientIp } from './client-ip.js';
import { GRAPHIQL_ASSET_PREFIX, type GraphiqlAssets } from './graphiql/graphiql-assets.js';
import type { PlainPost } from './plain-post/plain-post.js';
import type { RequestState } from './request-state.js';
import { sendJson } from './respond.js';
import type { Routes } from './routes.js';
import { GRAPHQL_PATH, type GatewayYoga } from './yoga.js';

export type Passthrough = (req: IncomingMessage, res: ServerResponse, state: RequestState) => Promise<void>;

export interface HandlerDeps {
  readonly yoga: GatewayYoga;
  /** POST /graphql of one plain operation without Yoga's Fetch API layer; undefined: Yoga takes every request */
  readonly plainPost?: PlainPost | undefined;
  readonly routes: Routes;
  readonly passthrough: Passthrough;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly trustProxy: boolean;
  /** development: GraphiQL's scripts, styles and workers */
  readonly graphiqlAssets?: GraphiqlAssets | undefined;
  /** OpenTelemetry: undefined while tracing is off */
  readonly tracer?: RequestTracer | undefined;
}

const PASSTHROUGH = /^\/api\/(users|orders|carts)(\/|$)/;

/** Every request: a request id on the response, one dispatch, one log line and one metric. */
export function createHttpHandler(deps: HandlerDeps) {
  // Request lines hold only the fields finish() picks: no redaction pass over each (~5 µs a line, measured).
  const requestLog = deps.logger.child({}, { redact: [] });
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req.url);
    const route = routeLabel(path);
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const state: RequestState = {
      requestId,
      clientIp: clientIp(req, deps.trustProxy),
      startedAt: performance.now(),
      upstreamCalls: [],
      trace: deps.tracer?.start(req.method, route, requestId, req.headers),
      userId: undefined,
      operationName: undefined,
      operationLabel: undefined,
      degradedHeader: undefined,
    };
    res.setHeader('x-request-id', state.requestId);
    res.once('close', () => finish(deps, requestLog, req, res, state, route));
    dispatch(deps, req, res, state, path).catch((error: unknown) => {
      deps.logger.error({ err: error, requestId: state.requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error', requestId: state.requestId });
      else res.destroy();
    });
  };
}

async function dispatch(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, state: RequestState, path: string): Promise<void> {
  if (path === GRAPHQL_PATH) {
    if (deps.plainPost?.accepts(req) === true) return deps.plainPost.handle(req, res, state);
    await deps.yoga(req, res, { state });
    return;
  }
  if (PASSTHROUGH.test(path)) return deps.passthrough(req, res, state);
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (path === '/healthz') return deps.routes.healthz(res);
    if (path === '/readyz') return deps.routes.readyz(res);
    if (path === '/metrics') return deps.routes.metrics(res);
    if (deps.graphiqlAssets !== undefined && path.startsWith(GRAPHIQL_ASSET_PREFIX) && deps.graphiqlAssets.serve(req, res, path)) return;
  }
  sendJson(res, 404, { error: 'Not found', requestId: state.requestId });
}

function finish(deps: HandlerDeps, requestLog: Logger, req: IncomingMessage, res: ServerResponse, state: RequestState, route: string): void {
  const seconds = (performance.now() - state.startedAt) / 1000;
  const status = res.writableFinished ? res.statusCode : 499;
  deps.metrics.httpRequest(route, status, seconds);
  state.trace?.end(status);
  if (route === '/healthz' || route === '/readyz' || route === '/metrics') return;
  // the line is built only when it will be written (LOG_LEVEL=warn turns request lines off)
  if (!requestLog.isLevelEnabled('info')) return;
  requestLog.info(
    {
      requestId: state.requestId,
      method: req.method,
      route,
      operation: state.operationName?.slice(0, 100),
      status,
      durationMs: Math.round(seconds * 1000),
      userId: state.userId,
      traceId: state.trace?.traceId,
      spanId: state.trace?.spanId,
      upstream: state.upstreamCalls.map((call) => ({
        service: call.service,
        route: call.route,
        status: call.status,
        outcome: call.outcome,
        ms: Math.round(call.durationMs),
      })),
    },
    'request',
  );
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/** A bounded label: the fixed endpoints, the passthrough service, or "other". */
function routeLabel(path: string): string {
  if (path === GRAPHQL_PATH || path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  const service = PASSTHROUGH.exec(path)?.[1];
  return service === undefined ? 'other' : `/api/${service}`;
}
