import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { JWTVerifyGetKey, createRemoteJWKSet } from 'jose';
import { upstreamUnavailable } from '../errors/gateway-error.js';
import type { RequestTrace } from '../observability/tracing/request-trace.js';

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/**
 * The JWKS fetches of one remote key set as client spans of the request that waited for them.
 * Used only for a sampled request: the key lookup reloads through jose's public `reload()` where
 * jose itself would (stale set, or a `kid` it does not hold and not cooling down), inside a span,
 * and `fetchTraceparent` gives that fetch its `traceparent`. Otherwise the lookup is jose's own.
 */
export function createJwksTracing(getRemote: () => RemoteJwks, key: JWTVerifyGetKey) {
  let fetching: { trace: RequestTrace; span: Span } | undefined;

  const reload = async (trace: RequestTrace, remote: RemoteJwks): Promise<void> => {
    const span = trace.startSpan('jwks GET', SpanKind.CLIENT, { 'peer.service': 'jwks', 'gateway.jwks.joined_fetch': remote.reloading });
    if (span === undefined) return remote.reload();
    // jose calls the fetch synchronously inside reload(): the slot is read there and nowhere else
    fetching = { trace, span };
    const pending = remote.reload();
    fetching = undefined;
    try {
      await pending;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'UPSTREAM_UNAVAILABLE' }).setAttribute('error.type', 'UPSTREAM_UNAVAILABLE');
      throw error;
    } finally {
      span.end();
    }
  };

  return {
    /** jose's customFetch: the JWKS request, with the traceparent of the span that started it. */
    fetch: (url: string, init: { headers: Headers; method: 'GET'; redirect: 'manual'; signal: AbortSignal }): Promise<Response> => {
      if (fetching === undefined) return fetch(url, init);
      const headers: Record<string, string> = {};
      fetching.trace.inject(headers, fetching.span);
      const merged = new Headers(init.headers);
      for (const [name, value] of Object.entries(headers)) merged.set(name, value);
      return fetch(url, { ...init, headers: merged });
    },
    /** The key getter for a sampled request. */
    traced:
      (trace: RequestTrace): JWTVerifyGetKey =>
      async (header, token) => {
        const remote = getRemote();
        const kid = header.kid;
        const unknownKid = kid !== undefined && !remote.coolingDown && !(remote.jwks()?.keys.some((jwk) => jwk.kid === kid) ?? false);
        if (!remote.fresh || unknownKid) {
          try {
            await reload(trace, remote);
          } catch (error) {
            // as the untraced lookup answers it, without fetching a second time
            throw upstreamUnavailable('jwks', error);
          }
        }
        return key(header, token);
      },
  };
}
