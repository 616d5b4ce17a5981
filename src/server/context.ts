import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { LastGood } from '../degradation/last-good.js';
import type { Loaders } from '../loaders/create-loaders.js';
import type { CallContext } from '../upstream/call-context.js';
import type { Services } from '../upstream/services.js';

/** Per request, built once in context creation after authentication. */
export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal | undefined;
  /** the caller's address (X-Forwarded-For only when TRUST_PROXY is on) */
  readonly clientIp: string;
  readonly call: CallContext;
  readonly loaders: Loaders;
  /** the caller's last good data and the fields of this response served from it */
  readonly lastGood: LastGood;
  readonly services: Services;
  readonly logger: Logger;
}
