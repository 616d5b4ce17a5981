import { SERVICE_NAMES, type ServiceName } from '../errors/codes.js';
import { badUserInput } from '../errors/gateway-error.js';
import type { CallSignal } from '../upstream/call-signal.js';
import { UpstreamStatusFailure } from '../upstream/failures.js';

/** One rehearsed failure of a service, from the `Gateway-Simulate` request header. */
export type Fault =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'error' }
  | { readonly kind: 'slow'; readonly ms: number };

export type Faults = Partial<Readonly<Record<ServiceName, Fault>>>;

export const SIMULATE_HEADER = 'gateway-simulate';
const MAX_SLOW_MS = 600_000;

/**
 * `cart=timeout, orders=unavailable, users=error, cart=slow:250` → faults per service (the last
 * one named for a service wins). Development only: production never calls this. Throws
 * BAD_USER_INPUT naming the part it cannot read, so a typo is not a silent healthy rehearsal.
 */
export function parseFaults(raw: string | null): Faults | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const faults: Partial<Record<ServiceName, Fault>> = {};
  for (const part of raw.split(',')) {
    const [name = '', how = ''] = part.split('=').map((side) => side.trim());
    const service = SERVICE_NAMES.find((known) => known === name);
    const fault = parseFault(how);
    if (service === undefined || fault === undefined) {
      throw badUserInput(`Gateway-Simulate: cannot read "${part.trim().slice(0, 60)}" (service=timeout|unavailable|error|slow:<ms>)`);
    }
    faults[service] = fault;
  }
  return faults;
}

function parseFault(how: string): Fault | undefined {
  if (how === 'timeout' || how === 'unavailable' || how === 'error') return { kind: how };
  const slow = /^slow:(\d{1,6})$/.exec(how);
  const ms = Number(slow?.[1]);
  return slow === null || ms > MAX_SLOW_MS ? undefined : { kind: 'slow', ms };
}

/** Stands in for undici's "connection refused": classify() reads the code, as for a real one. */
class SimulatedRefusal extends Error {
  readonly code = 'ECONNREFUSED';
  constructor() {
    super('simulated: connection refused');
    this.name = new.target.name;
  }
}

/**
 * Plays a fault against one call's deadline, without calling the service: rejects with the raw
 * failure a real call would have met (so classify, stale data and the summary see the same), or,
 * for `slow`, resolves after the delay so the real call follows, unless the deadline fires first.
 */
export function rehearse(fault: Fault, deadline: CallSignal): Promise<void> {
  switch (fault.kind) {
    case 'unavailable':
      return Promise.reject(new SimulatedRefusal());
    case 'error':
      return Promise.reject(new UpstreamStatusFailure(503));
    case 'timeout':
      return untilDeadline(deadline, undefined);
    case 'slow':
      return untilDeadline(deadline, fault.ms);
  }
}

/** Rejects with the deadline's reason when it fires; resolves after `ms` if it comes first. */
function untilDeadline(deadline: CallSignal, ms: number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (deadline.aborted) return reject(deadline.reason);
    const timer = ms === undefined ? undefined : setTimeout(() => (deadline.off('abort', onAbort), resolve()), ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(deadline.reason);
    }
    deadline.once('abort', onAbort);
  });
}
