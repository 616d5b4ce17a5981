import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/verify-token.js';
import { GatewayError } from '../errors/gateway-error.js';
import { toGraphQLError } from '../errors/to-graphql.js';
import { createLoaders } from '../loaders/create-loaders.js';
import type { CallContext } from '../upstream/call-context.js';
import type { Services } from '../upstream/services.js';
import type { GatewayContext } from './context.js';
import type { RequestState } from './request-state.js';

/**
 * Authenticates once per request and builds the per-request context. A bad token refuses the
 * whole request (401); a JWKS that cannot be fetched answers 503: the gateway cannot judge the token.
 */
export function createContextFactory(deps: { verify: TokenVerifier; services: Services; logger: Logger }) {
  return async (state: RequestState, authorization: string | null): Promise<GatewayContext> => {
    let principal;
    try {
      principal = await deps.verify(authorization ?? undefined, state.trace);
    } catch (error) {
      if (error instanceof GatewayError) throw toGraphQLError(error, undefined, error.code === 'UNAUTHENTICATED' ? 401 : 503);
      throw error;
    }
    state.userId = principal?.userId;
    const call: CallContext = {
      requestId: state.requestId,
      userId: principal?.userId,
      roles: principal?.roles ?? [],
      onCall: (event) => state.upstreamCalls.push(event),
      trace: state.trace,
    };
    return {
      requestId: state.requestId,
      principal,
      clientIp: state.clientIp,
      call,
      loaders: createLoaders(deps.services, call),
      services: deps.services,
      logger: deps.logger,
    };
  };
}
