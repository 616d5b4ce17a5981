import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/principal.js';
import { applyRateLimits, rateLimitKey } from '../../../src/directives/rate-limit.js';
import { maskError } from '../../../src/errors/to-graphql.js';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.js';
import { createRateLimiterFactory, type RateDecision, type RateLimiterFactory } from '../../../src/ratelimit/rate-limiter.js';

const TYPE_DEFS = /* GraphQL */ `
  directive @rateLimit(limit: Int!, duration: Int!) on OBJECT | FIELD_DEFINITION
  type Query {
    private: String @rateLimit(limit: 2, duration: 60)
    other: String @rateLimit(limit: 2, duration: 60)
    open: String @rateLimit(limit: 2, duration: 60)
    free: String
  }
`;

/** A memory factory that records every key it was asked to count. */
function recording(metrics: Metrics): { factory: RateLimiterFactory; consumed: string[] } {
  const inner = createRateLimiterFactory({ redisUrl: undefined, logger: pino({ level: 'silent' }), metrics });
  const consumed: string[] = [];
  return {
    consumed,
    factory: {
      limiter: (points, duration, prefix) => {
        const limiter = inner.limiter(points, duration, prefix);
        return {
          consume: (key: string): Promise<RateDecision> => {
            consumed.push(`${prefix}|${key}`);
            return limiter.consume(key);
          },
        };
      },
      close: () => inner.close(),
    },
  };
}

function setup(): { schema: GraphQLSchema; consumed: string[]; metrics: Metrics } {
  const metrics = createMetrics();
  const { factory, consumed } = recording(metrics);
  const base = makeExecutableSchema({ typeDefs: TYPE_DEFS, resolvers: { Query: { private: () => 'p', other: () => 'o', open: () => 'x', free: () => 'f' } } });
  return { schema: applyRateLimits(base, { limiters: factory, metrics, publicFields: new Set(['Query.open']) }), consumed, metrics };
}

const alice: Principal = { userId: 'alice', roles: [] };
const bob: Principal = { userId: 'bob', roles: [] };

interface Reply {
  readonly data?: unknown;
  readonly errors?: readonly { readonly path?: unknown; readonly extensions?: Record<string, unknown> }[];
}

/** Runs one query through Yoga in-process (no network), with our error masking. */
async function run(schema: GraphQLSchema, query: string, principal: Principal | undefined, clientIp = '10.0.0.1') {
  const yoga = createYoga({ schema, logging: false, maskedErrors: { maskError }, context: () => ({ principal, clientIp }) });
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const reply = (await response.json()) as Reply;
  return { data: reply.data, errors: reply.errors ?? [] };
}

describe('applyRateLimits', () => {
  // patches/graphql-rate-limit-directive+2.0.6.patch (applied by postinstall): the published build
  // wraps each field in a downlevelled generator whose closure keeps the request's context, and so
  // every object of the request, alive until the next full GC (docs/performance.md).
  it('wraps rate-limited fields in native async functions (the patch is applied)', () => {
    const { schema } = setup();
    const resolve = schema.getQueryType()?.getFields().private?.resolve;
    expect(resolve?.constructor.name).toBe('AsyncFunction');
  });

  it('counts under the graphql prefix with the schema coordinate and the user', async () => {
    const { schema, consumed } = setup();
    await run(schema, '{ private }', alice);
    expect(consumed).toEqual(['graphql|Query.private:user:alice']);
  });

  it('refuses the call over the limit: the field is null with RATE_LIMITED and retryAfter, and the metric counts it', async () => {
    const { schema, metrics } = setup();
    await run(schema, '{ private }', alice);
    await run(schema, '{ private }', alice);
    const third = await run(schema, '{ private free }', alice);

    expect(third.data).toEqual({ private: null, free: 'f' });
    expect(third.errors).toEqual([
      expect.objectContaining({ message: 'Too many requests, retry later', path: ['private'], extensions: { code: 'RATE_LIMITED', retryAfter: 60 } }),
    ]);
    const refused = await metrics.registry.getSingleMetric('gateway_rate_limited_total')?.get();
    expect(refused?.values).toEqual([expect.objectContaining({ labels: { field: 'Query.private' }, value: 1 })]);
  });

  it('keeps one counter per field and per user', async () => {
    const { schema } = setup();
    await run(schema, '{ private }', alice);
    await run(schema, '{ private }', alice);
    expect(await run(schema, '{ other }', alice)).toEqual({ data: { other: 'o' }, errors: [] });
    expect(await run(schema, '{ private }', bob)).toEqual({ data: { private: 'p' }, errors: [] });
  });

  it('answers an anonymous call to a field that needs a user UNAUTHENTICATED, spending nothing', async () => {
    const { schema, consumed } = setup();
    for (let i = 0; i < 5; i += 1) {
      const anonymous = await run(schema, '{ private }', undefined);
      expect(anonymous.errors).toEqual([expect.objectContaining({ path: ['private'], extensions: { code: 'UNAUTHENTICATED' } })]);
    }
    expect(consumed).toEqual([]);
  });

  it('counts anonymous calls to a public field per client IP', async () => {
    const { schema, consumed } = setup();
    await run(schema, '{ open }', undefined, '10.0.0.1');
    await run(schema, '{ open }', undefined, '10.0.0.1');
    expect((await run(schema, '{ open }', undefined, '10.0.0.1')).errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await run(schema, '{ open }', undefined, '10.0.0.2')).toEqual({ data: { open: 'x' }, errors: [] });
    expect(consumed).toContain('graphql|Query.open:ip:10.0.0.2');
  });
});

describe('rateLimitKey', () => {
  it.each([
    ['a user', alice, false, 'Mutation.checkout:user:alice'],
    ['a user on a public field', alice, true, 'Mutation.checkout:user:alice'],
    ['an anonymous caller on a public field', undefined, true, 'Mutation.checkout:ip:192.0.2.7'],
  ] as const)('keys %s by field and caller', (_name, principal, isPublic, key) => {
    expect(rateLimitKey('Mutation.checkout', { principal, clientIp: '192.0.2.7' }, isPublic)).toBe(key);
  });

  it('throws UNAUTHENTICATED for an anonymous caller on a field that needs a user', () => {
    expect(() => rateLimitKey('Mutation.checkout', { principal: undefined, clientIp: '192.0.2.7' }, false)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });
});
