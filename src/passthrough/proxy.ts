import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { ServiceName } from '../errors/codes.js';
import type { RequestState } from '../server/request-state.js';
import { sendJson } from '../server/respond.js';
import type { ServiceClient } from '../upstream/service-client.js';

export interface PassthroughDeps {
  readonly clients: Readonly<Record<ServiceName, ServiceClient>>;
  readonly verify: TokenVerifier;
  readonly logger: Logger;
}

export function createPassthrough(_deps: PassthroughDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, state: RequestState, _path: string): Promise<void> => {
    sendJson(res, 501, { error: 'Not implemented yet', requestId: state.requestId });
  };
}
