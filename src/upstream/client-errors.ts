import type { ServiceName } from '../errors/codes.js';
import { GatewayError, badUserInput, forbidden, notFound, upstreamError } from '../errors/gateway-error.js';

/** A 4xx answer → the contract's code: an answer, not a failure, so the breaker never sees it. */
export function fromClientError(service: ServiceName, status: number, what: string): GatewayError {
  if (status === 404) return notFound(service, what);
  if (status === 400 || status === 409 || status === 422) return badUserInput(`${service} refused the input for ${what}`);
  if (status === 401 || status === 403) return forbidden(`${service} refused access to ${what}`);
  return upstreamError(service, new Error(`unexpected ${status} from ${service}`));
}

/** The parsed value of a 2xx reply, or the 4xx answer as its GatewayError. */
export function valueOf<T>(service: ServiceName, reply: { ok: true; value: T } | { ok: false; status: number }, what: string): T {
  if (reply.ok) return reply.value;
  throw fromClientError(service, reply.status, what);
}
