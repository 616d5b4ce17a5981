import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop headers, never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Set by the gateway from what it verified or knows; whatever the client sent is dropped. */
const GATEWAY_OWNED = new Set([
  'host',
  'authorization',
  'x-user-id',
  'x-user-roles',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'forwarded',
  // undici refuses `expect` in a request; the gateway answers no 100-continue itself
  'expect',
  // the gateway's own fault injection: never the services' business, in production or not
  'gateway-simulate',
]);

type Headers = IncomingHttpHeaders | Record<string, string | string[] | undefined>;

function namedByConnection(headers: Headers): Set<string> {
  const value = headers.connection;
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(list.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
}

/** End-to-end headers only (no hop-by-hop ones, nor any the Connection header names), minus `drop`. */
export function endToEnd(headers: Headers, drop: ReadonlySet<string> = new Set()): Record<string, string | string[]> {
  const named = namedByConnection(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || lower.startsWith('proxy-') || named.has(lower) || drop.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}

export interface Forwarding {
  readonly requestId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly clientIp: string;
  readonly host: string | undefined;
}

/** The headers sent upstream: the client's end-to-end ones, then the gateway's own. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, forwarding: Forwarding): Record<string, string | string[]> {
  const headers = endToEnd(incoming, GATEWAY_OWNED);
  headers['x-request-id'] = forwarding.requestId;
  headers['x-user-id'] = forwarding.userId;
  headers['x-user-roles'] = forwarding.roles.join(',');
  headers['x-forwarded-for'] = forwarding.clientIp;
  headers['x-forwarded-proto'] = 'http';
  if (forwarding.host !== undefined) headers['x-forwarded-host'] = forwarding.host;
  return headers;
}

/** The headers sent back to the client: the upstream's end-to-end ones. */
export function clientResponseHeaders(upstream: Headers): OutgoingHttpHeaders {
  return endToEnd(upstream);
}
