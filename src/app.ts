import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createDemoSecret, signDemoToken } from './auth/demo-token.js';
import { createKeySource } from './auth/key-source.js';
import { createTokenCache } from './auth/token-cache.js';
import { createTokenVerifier } from './auth/verify-token.js';
import type { Config } from './config/config.js';
import { createStaleStore } from './degradation/create-stale-store.js';
import { useDegradation } from './degradation/use-degradation.js';
import { applyRateLimits } from './directives/rate-limit.js';
import { SERVICE_NAMES, type ServiceName } from './errors/codes.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing/create-tracing.js';
import { createPassthrough } from './passthrough/proxy.js';
import { loadPersistedOperations } from './persisted/load-persisted-operations.js';
import { createPersistedQueryStore } from './persisted/persisted-query-store.js';
import { useAutomaticPersistedQueries, usePersistedOperationsOnly } from './persisted/use-persisted-operations.js';
import { PASSTHROUGH_WINDOW_SECONDS } from './passthrough/respond.js';
import { createRateLimiterFactory } from './ratelimit/rate-limiter.js';
import { startReferenceServices } from './reference/start.js';
import { buildSchema } from './schema/load-schema.js';
import { createContextFactory } from './server/create-context.js';
import { createHttpHandler } from './server/http-handler.js';
import { createPlainPost } from './server/plain-post/plain-post.js';
import { createLifecycle } from './server/lifecycle.js';
import { useRequestObserver } from './server/plugins/use-request-observer.js';
import { useTracing } from './server/plugins/use-tracing.js';
import { createRoutes } from './server/routes.js';
import { closeGracefully, drain, drainDelayMs, handleClientErrors } from './server/shutdown.js';
import { createGraphiql } from './server/graphiql/create-graphiql.js';
import { createGatewayYoga, DEMO_QUERY, GRAPHQL_PATH } from './server/yoga.js';
import { createUpstreams } from './upstream/create-upstreams.js';
import { createServices } from './upstream/services.js';

export interface GatewayDeps {
  readonly logger?: Logger;
  /** namespaces the rate-limit counters (default 'gateway'): tests sharing one Redis pass a unique one */
  readonly rateLimitKeyPrefix?: string;
  /** namespaces last good data in Redis (default 'gateway'): replicas that share it pass the same one */
  readonly staleKeyPrefix?: string;
  /** the wall clock (ms) of last good data's ages (default Date.now) */
  readonly now?: () => number;
}

export interface Gateway {
  readonly server: Server;
  readonly logger: Logger;
  /** development without JWT settings: a token for the demo user, signed by this process's secret */
  readonly demoToken: string | undefined;
  /** URLs of the embedded reference services, when no upstream URL was configured */
  readonly embeddedUpstreams: Readonly<Record<ServiceName, string>> | undefined;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops taking requests, lets in-flight ones finish within SHUTDOWN_GRACE_MS, closes everything. */
  close(): Promise<void>;
  /**
   * SIGTERM: /readyz answers 503 at once while requests are still served for a drain delay
   * (min(2 s, SHUTDOWN_GRACE_MS / 2)), then close() with what is left of SHUTDOWN_GRACE_MS.
   */
  shutdown(): Promise<void>;
}

export const DEMO_USER = 'u1';

/** The composition root: every long-lived thing is built here, and torn down in reverse by close(). */
export async function createGateway(config: Config, deps: GatewayDeps = {}): Promise<Gateway> {
  // first: a bad PERSISTED_OPERATIONS_FILE (ConfigError) stops start-up before anything runs
  const persistedOperations = config.persistedOperations.file === undefined ? undefined : loadPersistedOperations(config.persistedOperations.file);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  // off (undefined) unless an OTLP endpoint is configured: then every module below skips tracing
  const tracing = config.tracing === undefined ? undefined : createTracing(config.tracing, logger);
  const lifecycle = createLifecycle();
  const embedded = config.upstreams.mode === 'embedded' ? await startReferenceServices() : undefined;
  const urls = embedded ? toUrls(embedded.urls) : config.upstreams.mode === 'remote' ? config.upstreams.urls : unreachable();
  const clients = createUpstreams({ urls, timeoutMs: config.upstreamTimeoutMs, breakerResetMs: config.breakerResetMs }, logger, metrics);
  const services = createServices(clients);
  // One store of rate-limit counters (Redis with REDIS_URL, else memory) for the directives and the passthrough.
  const rateLimiters = createRateLimiterFactory({ redisUrl: config.redisUrl, logger, metrics, keyPrefix: deps.rateLimitKeyPrefix });
  const now = deps.now ?? Date.now;
  const staleStore = createStaleStore({ config: config.stale, redisUrl: config.redisUrl, logger, keyPrefix: deps.staleKeyPrefix, now });

  // PERSISTED_OPERATIONS_ONLY registers nothing, so it needs no store
  const persistedQueries = config.persistedOperations.only
    ? undefined
    : createPersistedQueryStore({ operations: persistedOperations, redisUrl: config.redisUrl, keyPrefix: deps.rateLimitKeyPrefix ?? 'gateway', logger });

  const { auth, demoSecret } = keysFor(config.auth);
  const keySource = await createKeySource(auth, config.upstreamTimeoutMs);
  const verify = createTokenVerifier(keySource, {
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    clockToleranceSeconds: 5,
    cache: createTokenCache({ maxEntries: 10_000, maxAgeMs: 60_000 }),
  });
  const demoToken =
    demoSecret === undefined
      ? undefined
      : await signDemoToken(demoSecret, { sub: DEMO_USER, roles: [], issuer: config.jwtIssuer, audience: config.jwtAudience });
  const graphiql = config.production ? undefined : await createGraphiql({ endpoint: GRAPHQL_PATH, defaultQuery: DEMO_QUERY, demoToken });

  const yoga = createGatewayYoga({
    schema: applyRateLimits(buildSchema(), {
      limiters: rateLimiters,
      metrics,
      tracedStore: tracing === undefined ? undefined : config.redisUrl === undefined ? 'memory' : 'redis',
    }),
    production: config.production,
    cors: config.cors,
    queryLimits: config.queryLimits,
    createContext: createContextFactory({
      verify,
      services,
      logger,
      staleStore,
      requestTimeoutMs: config.requestTimeoutMs,
      production: config.production,
      now,
    }),
    plugins: [useRequestObserver(logger, metrics), useDegradation(metrics), ...(tracing === undefined ? [] : [useTracing()])],
    persistedOperations:
      persistedQueries === undefined ? usePersistedOperationsOnly(persistedOperations ?? new Map()) : useAutomaticPersistedQueries(persistedQueries),
    graphiql: graphiql?.page,
  });
  const breakers = mapServices((name) => clients[name].breaker);
  const handler = createHttpHandler({
    yoga,
    // tracing wraps Yoga's request handling, and persisted-only mode refuses plain documents: both keep Yoga for every request
    plainPost: tracing === undefined && !config.persistedOperations.only ? createPlainPost({ yoga, production: config.production, cors: config.cors }) : undefined,
    routes: createRoutes({ lifecycle, breakers, metrics }),
    passthrough: createPassthrough({
      clients,
      verify,
      limiter: rateLimiters.limiter(config.passthroughRateLimit, PASSTHROUGH_WINDOW_SECONDS, 'passthrough'),
      limit: config.passthroughRateLimit,
      cors: config.cors,
      metrics,
      logger,
      production: config.production,
    }),
    logger,
    metrics,
    trustProxy: config.trustProxy,
    graphiqlAssets: graphiql?.assets,
    tracer: tracing?.requests,
  });
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 30_000, requestTimeout: 0, maxHeaderSize: 16 * 1024 }, handler);
  handleClientErrors(server);

  const close = async (graceMs: number): Promise<void> => {
    lifecycle.draining();
    await closeGracefully(server, graceMs);
    await rateLimiters.close();
    await staleStore.close();
    await persistedQueries?.close();
    await Promise.all(SERVICE_NAMES.map((name) => clients[name].close()));
    await embedded?.close();
    // last: the spans of the requests that just finished are sent before the process exits
    await tracing?.shutdown();
  };

  return {
    server,
    logger,
    demoToken,
    embeddedUpstreams: embedded?.urls,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          lifecycle.serving();
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () => close(config.shutdownGraceMs),
    shutdown: async () => {
      lifecycle.draining();
      const delayMs = drainDelayMs(config.shutdownGraceMs);
      await drain(server, delayMs);
      await close(config.shutdownGraceMs - delayMs);
    },
  };
}

function mapServices<T>(make: (name: ServiceName) => T): Record<ServiceName, T> {
  return { users: make('users'), orders: make('orders'), cart: make('cart') };
}

function toUrls(urls: Readonly<Record<ServiceName, string>>): Record<ServiceName, URL> {
  return mapServices((name) => new URL(urls[name]));
}

/** Development without JWT settings: a random per-process secret verifies tokens and signs the demo token. */
function keysFor(auth: Config['auth']) {
  if (auth.mode !== 'demo') return { auth, demoSecret: undefined };
  const demoSecret = createDemoSecret();
  return { auth: { mode: 'secret' as const, secret: demoSecret }, demoSecret };
}

function unreachable(): never {
  throw new Error('unreachable');
}
