import type { GraphQLSchema } from 'graphql';
import { getSchemaCoordinate, rateLimitDirective } from 'graphql-rate-limit-directive';
import { rateLimited, unauthenticated } from '../errors/gateway-error.js';
import type { Metrics } from '../observability/metrics.js';
import { createRateLimitSpans } from '../observability/tracing/rate-limit-spans.js';
import { secondsUntilReset } from '../ratelimit/decision.js';
import type { RateLimiterFactory } from '../ratelimit/rate-limiter.js';
import type { GatewayContext } from '../server/context.js';
import { sharedLimiterClass } from './limiter-class.js';

/** The counters of `@rateLimit` fields live under this prefix of the shared store. */
export const GRAPHQL_RATE_LIMIT_PREFIX = 'graphql';

/**
 * Rate-limited fields an anonymous caller may use (counted per client IP). Every other
 * `@rateLimit` field needs a user, as the contract says of every Query and Mutation field today.
 */
export const PUBLIC_RATE_LIMITED_FIELDS: ReadonlySet<string> = new Set();

export interface RateLimitDeps {
  readonly limiters: RateLimiterFactory;
  readonly metrics: Metrics;
  /** schema coordinates such as `Query.products` (default PUBLIC_RATE_LIMITED_FIELDS) */
  readonly publicFields?: ReadonlySet<string>;
  /** tracing on: each check is a span of the request (the counters' store names it) */
  readonly tracedStore?: 'redis' | 'memory';
}

/**
 * Applies the SDL's `@rateLimit(limit, duration)` to the schema, once at startup. Each field has
 * its own counter per user (per client IP when anonymous and the field is public). Authentication
 * comes first: an anonymous call to a field that needs a user is UNAUTHENTICATED and spends
 * nothing. A refused field is null with RATE_LIMITED and `retryAfter` in whole seconds (≥ 1).
 */
export function applyRateLimits(schema: GraphQLSchema, deps: RateLimitDeps): GraphQLSchema {
  const publicFields = deps.publicFields ?? PUBLIC_RATE_LIMITED_FIELDS;
  const spans = deps.tracedStore === undefined ? undefined : createRateLimitSpans(deps.tracedStore);
  const { rateLimitDirectiveTransformer } = rateLimitDirective<GatewayContext>({
    name: 'rateLimit',
    keyGenerator: (_limits, _source, _args, ctx, info) => {
      const coordinate = getSchemaCoordinate(info);
      const key = rateLimitKey(coordinate, ctx, publicFields.has(coordinate));
      if (spans !== undefined && ctx.call.trace !== undefined) spans.start(ctx.call.trace, coordinate, info);
      return key;
    },
    ...(spans === undefined ? {} : { setState: (res, _limits, _source, _args, _ctx, info) => spans.end(info, true, res.remainingPoints) }),
    onLimit: (res, _limits, _source, _args, _ctx, info) => {
      spans?.end(info, false, 0);
      deps.metrics.rateLimited(getSchemaCoordinate(info));
      throw rateLimited(secondsUntilReset(res.msBeforeNext));
    },
    limiterClass: sharedLimiterClass(deps.limiters),
    limiterOptions: { keyPrefix: GRAPHQL_RATE_LIMIT_PREFIX },
  });
  return rateLimitDirectiveTransformer(schema);
}

/**
 * `<Type.field>:user:<sub>`, or `<Type.field>:ip:<address>` for an anonymous caller of a public
 * field. Throws UNAUTHENTICATED for an anonymous caller of any other field, before anything is spent.
 */
export function rateLimitKey(
  coordinate: string,
  caller: Pick<GatewayContext, 'principal' | 'clientIp'>,
  isPublic: boolean,
): string {
  if (caller.principal !== undefined) return `${coordinate}:user:${caller.principal.userId}`;
  if (!isPublic) throw unauthenticated();
  return `${coordinate}:ip:${caller.clientIp}`;
}
