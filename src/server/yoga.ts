import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { CorsConfig } from '../config/config.js';
import { maskError } from '../errors/to-graphql.js';
import type { GatewayContext } from './context.js';
import type { createContextFactory } from './create-context.js';
import { useJsonOnly } from './plugins/use-json-only.js';
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
    plugins: [useJsonOnly(), ...options.plugins],
  });
}

const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-request-id', 'accept'];

function toYogaCors(cors: CorsConfig) {
  const common = { allowedHeaders: ALLOWED_HEADERS, methods: ['GET', 'POST', 'OPTIONS'], exposedHeaders: ['x-request-id'], maxAge: 600 };
  if (cors.mode === 'any') return { ...common, origin: '*' };
  if (cors.origins.length === 0) return false;
  return { ...common, origin: [...cors.origins] };
}
