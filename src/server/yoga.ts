import type { DocumentNode, GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { CorsConfig, QueryLimits } from '../config/config.js';
import { createDocumentCache } from './cache/document-cache.js';
import { REQUEST_TIMEOUT_HEADER } from '../degradation/request-budget.js';
import { SIMULATE_HEADER } from '../degradation/simulate.js';
import { DEGRADED_HEADER } from '../degradation/summary.js';
import { maskError } from '../errors/to-graphql.js';
import type { GatewayContext } from './context.js';
import { createIncrementalDeliveryCheck } from './incremental-delivery.js';
import { CORS_MAX_AGE_SECONDS, corsOriginRule } from './cors-origin.js';
import type { createContextFactory } from './create-context.js';
import type { GraphiqlPage } from './graphiql/graphiql-page.js';
import { useGraphiql } from './graphiql/use-graphiql.js';
import { MAX_BATCH, MAX_BODY_BYTES, useRequestSizeLimits } from './limits/use-request-size-limits.js';
import { useQueryLimits } from './limits/use-query-limits.js';
import { useHiddenSuggestions } from './plugins/use-hidden-suggestions.js';
import { useJsonOnly } from './plugins/use-json-only.js';
import { useCompiledExecution } from './plugins/use-compiled-execution.js';
import { useIncrementalDelivery } from './plugins/use-incremental-delivery.js';
import { useMaskedIncrementalErrors } from './plugins/use-masked-incremental-errors.js';
import { useNoIntrospection } from './plugins/use-no-introspection.js';
import { useParallelValidation } from './validation/use-parallel-validation.js';
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

/**
 * Parsed documents (and parse errors) kept: room for a client base's real operations, bounded
 * against a stream of new ones. Validation results live as long as their parsed document (useParallelValidation).
 */
const DOCUMENT_CACHE_ENTRIES = 2048;
/** Executions of a document before it is compiled, and compiled documents kept (~150 KB of RSS each). */
const COMPILE_AFTER_EXECUTIONS = 5;
const MAX_COMPILED_DOCUMENTS = 256;

export interface YogaOptions {
  readonly schema: GraphQLSchema;
  readonly production: boolean;
  readonly cors: CorsConfig;
  readonly queryLimits: QueryLimits;
  readonly createContext: ReturnType<typeof createContextFactory>;
  readonly plugins: ReadonlyArray<Plugin<ServerContext>>;
  /** automatic persisted queries, or PERSISTED_OPERATIONS_ONLY: runs before the query limits see the document */
  readonly persistedOperations: Plugin;
  /** development: the GraphiQL page (assets from this origin); undefined in production */
  readonly graphiql: GraphiqlPage | undefined;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GatewayContext>;

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  const usesIncrementalDelivery = createIncrementalDeliveryCheck();
  const documentCache = createDocumentCache<DocumentNode>(DOCUMENT_CACHE_ENTRIES);
  const remembers = (document: DocumentNode) => documentCache.admitted(document);
  return createYoga<ServerContext, GatewayContext>({
    schema: options.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: false,
    multipart: false,
    batching: MAX_BATCH > 1 ? { limit: MAX_BATCH } : false,
    maskedErrors: { maskError },
    parserAndValidationCache: {
      documentCache,
      errorCache: createDocumentCache(DOCUMENT_CACHE_ENTRIES),
      // useParallelValidation remembers validation results itself, with a cheaper key
      validationCache: false,
    },
    // Yoga's GraphiQL page loads its code from a CDN: ours (useGraphiql) serves it from this origin
    graphiql: false,
    cors: toYogaCors(options.cors),
    context: ({ state, request }) => options.createContext(state, request.headers),
    plugins: [
      ...(options.graphiql === undefined ? [] : [useGraphiql(options.graphiql)]),
      useJsonOnly(),
      useParallelValidation(remembers),
      useRequestSizeLimits({ maxBodyBytes: MAX_BODY_BYTES, maxBatch: MAX_BATCH }),
      options.persistedOperations,
      useQueryLimits(options.queryLimits),
      ...(options.production ? [useNoIntrospection(), useHiddenSuggestions()] : []),
      ...(options.cors.mode === 'list' ? [useVaryOrigin()] : []),
      ...options.plugins,
      useIncrementalDelivery(),
      useMaskedIncrementalErrors(maskError),
      // graphql-jit cannot defer or stream: those documents take the ordinary executor
      useCompiledExecution({ compileAfter: COMPILE_AFTER_EXECUTIONS, maxCompiled: MAX_COMPILED_DOCUMENTS, eligible: (document) => !usesIncrementalDelivery(document), remembers }),
    ],
  });
}

const CORS_COMMON = {
  allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'accept', REQUEST_TIMEOUT_HEADER, SIMULATE_HEADER],
  methods: ['GET', 'POST', 'OPTIONS'],
  exposedHeaders: ['x-request-id', DEGRADED_HEADER],
  maxAge: CORS_MAX_AGE_SECONDS,
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

/** CORS_ORIGINS in Yoga's form (corsOriginRule): `false` where the rule gives no origin, never Yoga's `null`. */
function toYogaCors(cors: CorsConfig) {
  if (cors.mode === 'any') return { ...CORS_COMMON, origin: '*' };
  if (cors.origins.length === 0) return false;
  const allowed = corsOriginRule(cors);
  return (request: Request) => {
    const origin = allowed(request.headers.get('origin'));
    return origin === undefined ? false : { ...CORS_COMMON, origin };
  };
}
