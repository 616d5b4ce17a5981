import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { Dispatcher } from 'undici';

export interface CallOptions {
  readonly method?: Dispatcher.HttpMethod;
  /** Sent as `X-User-Id`. */
  readonly user?: string;
  /** Sent as `X-User-Roles`. */
  readonly roles?: string;
  readonly headers?: Record<string, string>;
  /** A string goes as is; anything else as JSON. */
  readonly body?: unknown;
}

export interface CallResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed body, undefined when empty or not JSON. */
  readonly json: unknown;
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One real HTTP call with undici, body read in full. */
export async function call(url: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.user !== undefined) headers['x-user-id'] = opts.user;
  if (opts.roles !== undefined) headers['x-user-roles'] = opts.roles;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(url, { method: opts.method ?? 'GET', headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parse(text) };
}

/** The `error` of an `{"error": ...}` body. */
export function errorOf(result: CallResult): unknown {
  const json = result.json;
  return typeof json === 'object' && json !== null && 'error' in json ? json.error : undefined;
}
