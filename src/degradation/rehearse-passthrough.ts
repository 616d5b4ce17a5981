import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceName } from '../errors/codes.js';
import type { RequestState } from '../server/request-state.js';
import { CallSignal } from '../upstream/call-signal.js';
import { classify, outcomeOf } from '../upstream/classify.js';
import { DeadlineExceeded } from '../upstream/failures.js';
import { SIMULATE_HEADER, parseFaults, rehearse } from './simulate.js';

/**
 * Gateway-Simulate for one passthrough call (development only): throws the GatewayError the
 * rehearsed failure classifies to (so the passthrough answers 502/503/504 as for a real one) and
 * logs it on the request, never in the real calls' metrics; `slow` only delays the real call.
 * A header it cannot read throws BAD_USER_INPUT (400). No header: nothing happens.
 */
export async function rehearsePassthrough(headers: IncomingHttpHeaders, service: ServiceName, timeoutMs: number, state: RequestState, method: string): Promise<void> {
  const raw = headers[SIMULATE_HEADER];
  if (raw === undefined) return;
  const fault = parseFaults(Array.isArray(raw) ? raw.join(',') : raw)?.[service];
  if (fault === undefined) return;
  const started = performance.now();
  const deadline = new CallSignal();
  const timer = setTimeout(() => deadline.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  try {
    await rehearse(fault, deadline);
  } catch (error) {
    const failure = classify(service, error, deadline);
    state.upstreamCalls.push({ service, route: `${method} /api`, status: undefined, outcome: outcomeOf(failure), durationMs: performance.now() - started });
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}
