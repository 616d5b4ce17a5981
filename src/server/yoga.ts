import type { GraphQLSchema } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { CorsConfig, QueryLimits } from '../config/config.js';
import { maskError } from '../errors/to-graphql.js';
import type { GatewayContext } from './context.js';
import type { createContextFactory } from './create-context.js';
import { MAX_BATCH, MAX_BODY_BYTES, useRequestSizeLimits } from './limits/use-request-size-limits.js';
import { useQueryLimits } from './limits/use-query-limits.js';
import { useHiddenSuggestions } from './plugins/use-hidden-suggestions.js';
import { useJsonOnly } from './plugins/use-json-only.js';
import { useNoIntrospection } from './plugins/use-no-introspection.js';
import type { ServerContext } from './request-state.js';

export const GRAPHQL_PATH = '/graphql';

export const DEMO_QUERY = `# The whole home screen in one round trip.
query Dashboard {
  dashboard {
    profile { id name email }
    recentOrders { id status total createdAt items { productId name quantity unitPrice } }
    cart { items { productId name quantity unitPrice } itemCount subtotal }
  }
}
`;

export interface YogaOptions {
  readonly schema: GraphQLSchema;
  readonly production: boolean;
  readonly cors: CorsConfig;
  readonly queryLimits: QueryLimits;
  readonly createContext: ReturnType<typeof createContextFactory>;
  readonly plugins: ReadonlyArray<Plugin<ServerContext>>;
  /** development: put into GraphiQL's header editor so the demo works at once */
  readonly demoToken: string | undefined;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GatewayContext>;

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  return createYoga<ServerContext, GatewayContext>({
    schema: options.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: false,
    multipart: false,
    batching: MAX_BATCH > 1 ? { limit: MAX_BATCH } : false,
    maskedErrors: { maskError },
    graphiql: options.production
      ? false
      : {
          title: 'Gateway GraphiQL',
          defaultQuery: DEMO_QUERY,
          ...(options.demoToken === undefined ? {} : { headers: JSON.stringify({ Authorization: `Bearer ${options.demoToken}` }, null, 2) }),
        },
    cors: toYogaCors(options.cors),
    context: ({ state, request }) => options.createContext(state, request.headers.get('authorization')),
    plugins: [
      useJsonOnly(),
      useRequestSizeLimits({ maxBodyBytes: MAX_BODY_BYTES, maxBatch: MAX_BATCH }),
      useQueryLimits(options.queryLimits),
      ...(options.production ? [useNoIntrospection(), useHiddenSuggestions()] : []),
      ...(options.cors.mode === 'list' ? [useVaryOrigin()] : []),
      ...options.plugins,
      // compiled queries: the executor's per-field walk done once per document, not per request
      useGraphQlJit(),
    ],
  });
}

const CORS_COMMON = {
  allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'accept'],
  methods: ['GET', 'POST', 'OPTIONS'],
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
  // bearer tokens, no cookies: nothing a browser should attach on its own
  credentials: false,
};

/** With a list of origins, the CORS headers depend on the caller's Origin: caches must know. */
function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('vary', 'Origin');
    },
  };
}

/**
 * CORS_ORIGINS: `*` (development default) answers any origin; a list answers only its origins,
 * echoing the caller's one. Any other origin gets no CORS header at all (not Yoga's
 * `Access-Control-Allow-Origin: null`, which a sandboxed page's "null" origin would match).
 */
function toYogaCors(cors: CorsConfig) {
  if (cors.mode === 'any') return { ...CORS_COMMON, origin: '*' };
  const allowed = new Set(cors.origins);
  if (allowed.size === 0) return false;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? { ...CORS_COMMON, origin } : false;
  };
}
