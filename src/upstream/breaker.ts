import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
} from 'cockatiel';
import type { CallSignal } from './call-signal.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** how long an open breaker fails fast before it lets one trial call through */
  readonly resetMs: number;
  /** consecutive failures that open the breaker */
  readonly failureThreshold: number;
  /** which errors count against the breaker (everything else is an answer, not a failure) */
  readonly isFailure: (error: unknown) => boolean;
  /** which errors of an idempotent call may be tried once more (inside the caller's deadline) */
  readonly isRetryable: (error: unknown) => boolean;
  readonly onStateChange?: (state: BreakerState) => void;
  readonly now?: () => number;
}

/** One per service, shared by GraphQL and the passthrough. */
export interface Breaker {
  /**
   * Runs `task` through the breaker; `retryable` calls get one retry, after a short backoff, on
   * connection failures, unless `deadline` has fired by then (that attempt never reaches the breaker).
   */
  execute<T>(task: () => Promise<T>, retryable: boolean, deadline?: CallSignal): Promise<T>;
  state(): BreakerState;
}

type Tracked = { state: 'closed' } | { state: 'open'; since: number } | { state: 'half-open' };

/** A cockatiel circuit breaker (closed → open → half-open → closed) with a retry policy in front of it. */
export function createBreaker(options: BreakerOptions): Breaker {
  const now = options.now ?? Date.now;
  const breaker = circuitBreaker(handleWhen(options.isFailure), {
    halfOpenAfter: options.resetMs,
    breaker: new ConsecutiveBreaker(options.failureThreshold),
  });
  const retrying = retry(handleWhen(options.isRetryable), {
    maxAttempts: 1,
    backoff: new ExponentialBackoff({ initialDelay: 20, maxDelay: 100 }),
  });
  let tracked: Tracked = { state: 'closed' };
  breaker.onStateChange((state) => {
    tracked = toTracked(state, now());
    options.onStateChange?.(tracked.state);
  });

  return {
    execute: (task, retryable, deadline) => {
      if (!retryable) return breaker.execute(task);
      return retrying.execute(async () => {
        if (deadline?.aborted === true) throw deadline.reason;
        return breaker.execute(task);
      });
    },
    state: () => {
      // cockatiel moves to half-open lazily, on the first call after the reset time; report it as due.
      if (tracked.state === 'open' && now() - tracked.since >= options.resetMs) return 'half-open';
      return tracked.state;
    },
  };
}

function toTracked(state: CircuitState, at: number): Tracked {
  switch (state) {
    case CircuitState.Closed:
      return { state: 'closed' };
    case CircuitState.HalfOpen:
      return { state: 'half-open' };
    case CircuitState.Open:
    case CircuitState.Isolated:
      return { state: 'open', since: at };
  }
}
