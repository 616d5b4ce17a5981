import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import type { ExecutionResult } from 'graphql';
import { processRegularResult, type FetchAPI } from 'graphql-yoga';
import type { CorsConfig } from '../../config/config.js';
import { DEGRADED_HEADER } from '../../degradation/summary.js';
import { hideSuggestions } from '../plugins/use-hidden-suggestions.js';
import { COMMON_JSON } from '../plugins/use-json-only.js';
import { MAX_BODY_BYTES } from '../limits/use-request-size-limits.js';
import type { RequestState, ServerContext } from '../request-state.js';
import type { GatewayYoga } from '../yoga.js';
import { readBody } from './read-body.js';
import { singleOperation } from './single-operation.js';

export interface PlainPost {
  /** Whether the request's headers allow this route; it then owns the request. */
  accepts(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void>;
}

export interface PlainPostOptions {
  readonly yoga: GatewayYoga;
  readonly production: boolean;
  readonly cors: CorsConfig;
}

/** Accept headers whose answer is known without Yoga's negotiation, and the media type Yoga would answer with. */
const ANSWER_TYPE = new Map<string | undefined, string>([
  [undefined, 'application/json'],
  ['*/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
]);

/**
 * POST /graphql with a JSON body of one plain operation, the request nearly every client sends,
 * without Yoga's Fetch API translation (a Request and a Response per request, ~15 % of the
 * gateway's CPU on the dashboard, measured). Yoga still runs the operation, with every plugin:
 * `getResultForParams` applies the onParams hooks, parse, validate, context, execute and the
 * execution-result hooks, and the answer is Yoga's own `processRegularResult` (status and body).
 * What this route stands in for, it does as Yoga's plugins would: hidden suggestions in
 * production, `Vary: Origin` with a list of origins, and the Gateway-Degraded header.
 *
 * Requests with an Origin (CORS), another Accept or content type, no Content-Length, or a body
 * too large go to Yoga untouched; a body that is not a plain operation goes to Yoga as it came.
 */
export function createPlainPost(options: PlainPostOptions): PlainPost {
  const { yoga, production } = options;
  const getResultForParams = yoga.getResultForParams;
  const varyOrigin = options.cors.mode === 'list';
  return {
    accepts(req) {
      const { headers } = req;
      if (req.method !== 'POST' || headers.origin !== undefined) return false;
      if (!COMMON_JSON.has(headers['content-type'] ?? '') || !ANSWER_TYPE.has(headers.accept)) return false;
      const length = Number(headers['content-length'] ?? Number.NaN);
      return length > 0 && length <= MAX_BODY_BYTES;
    },
    async handle(req, res, state) {
      const body = await readBody(req);
      if (body === undefined) return;
      const text = body.toString('utf8');
      const params = singleOperation(text);
      if (params === undefined) return handToYoga(yoga, req, res, state, text);
      const request = requestView(req);
      const serverContext: ServerContext & { waitUntil: typeof waitUntil } = { state, waitUntil };
      const result = (await getResultForParams({ params, request }, serverContext)) as ExecutionResult;
      if (production) hideSuggestions(result);
      const answer = processRegularResult(result, LEAN_FETCH_API, ANSWER_TYPE.get(req.headers.accept) ?? 'application/json') as unknown as Answer;
      const headers: Record<string, string | number> = { ...answer.init.headers };
      if (varyOrigin) headers['vary'] = 'Origin';
      if (state.degradedHeader !== undefined) headers[DEGRADED_HEADER] = state.degradedHeader;
      const reply = answer.body ?? '';
      headers['content-length'] = Buffer.byteLength(reply);
      res.writeHead(answer.init.status ?? 200, headers);
      res.end(reply);
    },
  };
}

/** Yoga, for a body already read: the same request, through its Fetch API. */
async function handToYoga(yoga: GatewayYoga, req: IncomingMessage, res: ServerResponse, state: RequestState, body: string): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) headers[name] = headerValue(req, name) ?? '';
  const response = await yoga.fetch(localUrl(req), { method: 'POST', headers, body }, { state });
  await sendNodeResponse(response, res, req, true);
}

/** What the plugins read of the request: its method, URL and headers. */
function requestView(req: IncomingMessage): Request {
  return {
    method: 'POST',
    url: localUrl(req),
    headers: {
      get: (name: string) => headerValue(req, name.toLowerCase()) ?? null,
      has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
    },
  } as unknown as Request;
}

/** A header as the Fetch API gives it: repeated ones joined with ", ". */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request's path on a fixed origin: nothing here reads the host, and a client's Host header need not make a valid URL. */
function localUrl(req: IncomingMessage): string {
  return `http://localhost${req.url ?? '/'}`;
}

function waitUntil(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}

interface Answer {
  readonly body: string | null;
  readonly init: { status?: number; headers?: Record<string, string> };
}

/** processRegularResult builds one Response from a string and a plain init: kept as they are. */
const LEAN_FETCH_API = {
  Response: class {
    constructor(
      readonly body: string | null,
      readonly init: Answer['init'],
    ) {}
  },
} as unknown as FetchAPI;
