import type { IncomingHttpHeaders } from 'node:http';

/** Thrown by route code to answer `status {"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A request whose body has been read: what a service route sees. */
export interface ServiceRequest {
  readonly method: string;
  /** Percent-decoded path segments, `/carts/u1/items` → `['carts', 'u1', 'items']`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ServiceReply {
  readonly status: number;
  /** Sent as JSON; no body when undefined. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A reference service: a synchronous function from request to reply. */
export type Service = (request: ServiceRequest) => ServiceReply;

export interface RawRequest {
  readonly method: string | undefined;
  /** Path and query, as in `IncomingMessage.url`. */
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): ServiceReply =>
  headers ? { status, body, headers } : { status, body };

export const errorReply = (status: number, message: string, headers?: Record<string, string>): ServiceReply =>
  reply(status, { error: message }, headers);

type Method = 'GET' | 'POST' | 'DELETE';

/** Runs the handler for the request's method, or answers 405 with `Allow`. */
export function byMethod(request: ServiceRequest, handlers: Partial<Record<Method, () => ServiceReply>>): ServiceReply {
  const handler = Object.entries(handlers).find(([method]) => method === request.method)?.[1];
  if (handler) return handler();
  const allow = Object.keys(handlers).join(', ');
  return errorReply(405, `method ${request.method} not allowed`, { allow });
}

/** `?ids=a,b` → `['a', 'b']`; undefined when the parameter is absent. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  return value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** `/a/b?x=1` → `{ path: '/a/b', search: 'x=1' }`, by hand so `//x` stays a path and `..` is kept. */
export function splitUrl(url: string): { path: string; search: string } {
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, search: '' } : { path: url.slice(0, mark), search: url.slice(mark + 1) };
}

export function toServiceRequest(raw: RawRequest): ServiceRequest {
  const { path, search } = splitUrl(raw.url ?? '/');
  let segments: string[];
  try {
    segments = path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in path');
  }
  return { method: raw.method ?? 'GET', segments, query: new URLSearchParams(search), headers: raw.headers, body: raw.body };
}

function isHealthz(request: ServiceRequest): boolean {
  return request.segments.length === 1 && request.segments[0] === 'healthz';
}

/** Parses and routes one request, `/healthz` included; never throws. */
export function answer(service: Service, raw: RawRequest): ServiceReply {
  try {
    const request = toServiceRequest(raw);
    if (isHealthz(request)) return byMethod(request, { GET: () => reply(200, { status: 'ok' }) });
    return service(request);
  } catch (err) {
    if (err instanceof HttpError) return errorReply(err.status, err.message, { ...err.headers });
    return errorReply(500, 'internal error');
  }
}

/** Parses a JSON body; 400 when empty or malformed. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'a JSON body is required');
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    throw new HttpError(400, 'malformed JSON body');
  }
}
