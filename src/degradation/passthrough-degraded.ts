import { SERVICE_NAMES } from '../errors/codes.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { degradedHeader } from './summary.js';

/** The Gateway-Degraded header of a passthrough 502/503/504: its one service, never stale. */
export function passthroughDegraded(error: GatewayError): string | undefined {
  const service = SERVICE_NAMES.find((name) => name === error.extensions.service);
  return service === undefined ? undefined : degradedHeader([{ service, code: error.code, stale: false }]);
}
