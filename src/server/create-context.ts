import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/verify-token.js';
import { LastGood } from '../degradation/last-good.js';
import { REQUEST_TIMEOUT_HEADER, requestBudgetMs } from '../degradation/request-budget.js';
import { SIMULATE_HEADER, parseFaults } from '../degradation/simulate.js';
import type { StaleStore } from '../degradation/stale-store.js';
import { GatewayError } from '../errors/gateway-error.js';
import { toGraphQLError } from '../errors/to-graphql.js';
import { createLoaders } from '../loaders/create-loaders.js';
import type { CallContext } from '../upstream/call-context.js';
import type { Services } from '../upstream/services.js';
import type { GatewayContext } from './context.js';
import type { RequestState } from './request-state.js';

export interface ContextDeps {
  readonly verify: TokenVerifier;
  readonly services: Services;
  readonly logger: Logger;
  readonly staleStore: StaleStore;
  /** REQUEST_TIMEOUT_MS: every request's budget, and the cap of a client's Request-Timeout-Ms */
  readonly requestTimeoutMs: number;
  /** production ignores Gateway-Simulate */
  readonly production: boolean;
  /** wall clock (ms), for the age of last good data */
  readonly now: () => number;
}

/** The request headers context creation reads. */
interface RequestHeaders {
  get(name: string): string | null;
}

/**
 * Authenticates once per request and builds the per-request context. A bad token refuses the
 * whole request (401); a JWKS that cannot be fetched answers 503: the gateway cannot judge the token.
 * A Gateway-Simulate header that cannot be read refuses the request (400, development only).
 */
export function createContextFactory(deps: ContextDeps) {
  return async (state: RequestState, headers: RequestHeaders): Promise<GatewayContext> => {
    let principal;
    let faults;
    try {
      principal = await deps.verify(headers.get('authorization') ?? undefined, state.trace);
      faults = deps.production ? undefined : parseFaults(headers.get(SIMULATE_HEADER));
    } catch (error) {
      if (error instanceof GatewayError) throw toGraphQLError(error, undefined, httpStatusOf(error));
      throw error;
    }
    state.userId = principal?.userId;
    const call: CallContext = {
      requestId: state.requestId,
      userId: principal?.userId,
      roles: principal?.roles ?? [],
      onCall: (event) => state.upstreamCalls.push(event),
      deadlineAt: state.startedAt + requestBudgetMs(headers.get(REQUEST_TIMEOUT_HEADER), deps.requestTimeoutMs),
      faults,
      trace: state.trace,
    };
    const lastGood = new LastGood(deps.staleStore, principal, deps.now);
    return {
      requestId: state.requestId,
      principal,
      clientIp: state.clientIp,
      call,
      loaders: createLoaders(deps.services, call, lastGood),
      lastGood,
      services: deps.services,
      logger: deps.logger,
    };
  };
}

function httpStatusOf(error: GatewayError): number {
  if (error.code === 'UNAUTHENTICATED') return 401;
  return error.code === 'BAD_USER_INPUT' ? 400 : 503;
}
