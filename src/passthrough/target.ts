import type { ServiceName } from '../errors/codes.js';

/** Where a passthrough request goes: a service and a path below its collection. */
export interface Target {
  readonly service: ServiceName;
  /** `/users/u1?x=1`: the collection, the rest of the path as received (still encoded), the query */
  readonly path: string;
}

export type TargetResult = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly reason: string };

const COLLECTIONS: Readonly<Record<string, ServiceName>> = { users: 'users', orders: 'orders', carts: 'cart' };
const PREFIX = /^\/api\/(users|orders|carts)(?=\/|$)/;
// Encoded slash, backslash, dot and percent (double encoding), NUL: anything that could turn into a
// separator or a dot segment after one more decode, here or upstream.
const DANGEROUS_ENCODING = /%(2f|5c|2e|25|00)/i;
const SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;

/**
 * The request target → the service and path it names, or a refusal. A request can only reach the
 * collection it names: dot segments, encoded separators and double encoding are refused, never
 * normalised into another path; the upstream address comes from configuration alone.
 */
export function resolveTarget(url: string): TargetResult {
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  const match = PREFIX.exec(rawPath);
  const collection = match?.[1];
  if (collection === undefined) return { ok: false, reason: 'Unknown passthrough path' };
  const rest = rawPath.slice(match?.[0].length ?? 0);
  if (rest.includes('\\') || DANGEROUS_ENCODING.test(rest) || query.includes('#')) {
    return { ok: false, reason: 'Path contains encoded separators or dot segments' };
  }
  const segments = rest.split('/').slice(1);
  for (const [i, segment] of segments.entries()) {
    const trailing = i === segments.length - 1 && segment === '';
    // `..;x` is `..` to servers that strip path parameters (Tomcat, Spring): a dot segment too
    const bare = segment.split(';', 1)[0];
    if (bare === '.' || bare === '..' || (!trailing && segment === '') || !SEGMENT.test(segment)) {
      return { ok: false, reason: 'Path contains dot segments or empty segments' };
    }
    if (!isDecodable(segment)) return { ok: false, reason: 'Path has malformed percent-encoding' };
  }
  if (/[\u0000-\u001f\u007f\s]/.test(query)) return { ok: false, reason: 'Query string contains control characters' };
  const service = COLLECTIONS[collection];
  if (service === undefined) return { ok: false, reason: 'Unknown passthrough path' };
  return { ok: true, target: { service, path: `/${collection}${rest}${query}` } };
}

function isDecodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
