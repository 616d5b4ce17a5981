import { BrokenCircuitError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { createBreaker, type Breaker, type BreakerState } from '../../../src/upstream/breaker.js';
import { CallSignal } from '../../../src/upstream/call-signal.js';

/** Counts against the breaker. */
class Outage extends Error {}
/** An answer (like a 4xx): reaches the caller, never counts. */
class Refusal extends Error {}
/** A connection failure: counts, and may be retried. */
class Reset extends Error {}

const RESET_MS = 120;
const THRESHOLD = 3;

function setup(): { breaker: Breaker; changes: BreakerState[] } {
  const changes: BreakerState[] = [];
  const breaker = createBreaker({
    resetMs: RESET_MS,
    failureThreshold: THRESHOLD,
    isFailure: (error) => error instanceof Outage || error instanceof Reset,
    isRetryable: (error) => error instanceof Reset,
    onStateChange: (state) => changes.push(state),
  });
  return { breaker, changes };
}

function counted<T>(run: () => Promise<T>): { task: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    task: () => {
      calls += 1;
      return run();
    },
    calls: () => calls,
  };
}

const fail = (error: Error) => () => Promise.reject(error);
const succeed = () => Promise.resolve('ok');

async function failTimes(breaker: Breaker, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    await expect(breaker.execute(fail(new Outage('down')), false)).rejects.toBeInstanceOf(Outage);
  }
}

async function untilHalfOpen(breaker: Breaker): Promise<void> {
  const deadline = Date.now() + 5000;
  while (breaker.state() !== 'half-open') {
    if (Date.now() > deadline) throw new Error('breaker never became half-open');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createBreaker', () => {
  it('starts closed', () => {
    expect(setup().breaker.state()).toBe('closed');
  });

  it('passes the task result through while closed', async () => {
    const { breaker } = setup();
    await expect(breaker.execute(succeed, false)).resolves.toBe('ok');
  });

  it('stays closed below the threshold of consecutive failures', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD - 1);
    expect(breaker.state()).toBe('closed');
  });

  it('opens after the threshold of consecutive failures', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD);
    expect(breaker.state()).toBe('open');
  });

  it('fails fast without running the task while open', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD);
    const probe = counted(succeed);
    await expect(breaker.execute(probe.task, false)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(probe.calls()).toBe(0);
  });

  it('forgets earlier failures after a success', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD - 1);
    await breaker.execute(succeed, false);
    await failTimes(breaker, THRESHOLD - 1);
    expect(breaker.state()).toBe('closed');
  });

  it('never opens on errors that are answers, and hands them to the caller', async () => {
    const { breaker } = setup();
    for (let i = 0; i < THRESHOLD * 3; i += 1) {
      await expect(breaker.execute(fail(new Refusal('404')), false)).rejects.toBeInstanceOf(Refusal);
    }
    expect(breaker.state()).toBe('closed');
    const probe = counted(succeed);
    await breaker.execute(probe.task, false);
    expect(probe.calls()).toBe(1);
  });

  it('reports half-open once resetMs has passed', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD);
    await untilHalfOpen(breaker);
    expect(breaker.state()).toBe('half-open');
  });

  it('lets a trial call through after resetMs and closes when it succeeds', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD);
    await untilHalfOpen(breaker);
    const trial = counted(succeed);
    await expect(breaker.execute(trial.task, false)).resolves.toBe('ok');
    expect(trial.calls()).toBe(1);
    expect(breaker.state()).toBe('closed');
  });

  it('reopens when the trial call fails', async () => {
    const { breaker } = setup();
    await failTimes(breaker, THRESHOLD);
    await untilHalfOpen(breaker);
    await expect(breaker.execute(fail(new Outage('still down')), false)).rejects.toBeInstanceOf(Outage);
    expect(breaker.state()).toBe('open');
    const probe = counted(succeed);
    await expect(breaker.execute(probe.task, false)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(probe.calls()).toBe(0);
  });

  it('reports every state change in order', async () => {
    const { breaker, changes } = setup();
    await failTimes(breaker, THRESHOLD);
    await untilHalfOpen(breaker);
    await breaker.execute(succeed, false);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('retries a retryable failure once when the call is retryable', async () => {
    const { breaker } = setup();
    let calls = 0;
    const flaky = () => (++calls === 1 ? Promise.reject(new Reset('ECONNRESET')) : Promise.resolve('second time'));
    await expect(breaker.execute(flaky, true)).resolves.toBe('second time');
    expect(calls).toBe(2);
  });

  it('retries no more than once', async () => {
    const { breaker } = setup();
    const always = counted(() => Promise.reject(new Reset('ECONNRESET')));
    await expect(breaker.execute(always.task, true)).rejects.toBeInstanceOf(Reset);
    expect(always.calls()).toBe(2);
  });

  it('does not retry a call that is not retryable', async () => {
    const { breaker } = setup();
    const always = counted(() => Promise.reject(new Reset('ECONNRESET')));
    await expect(breaker.execute(always.task, false)).rejects.toBeInstanceOf(Reset);
    expect(always.calls()).toBe(1);
  });

  it('does not retry failures that are not retryable', async () => {
    const { breaker } = setup();
    const always = counted(() => Promise.reject(new Outage('503')));
    await expect(breaker.execute(always.task, true)).rejects.toBeInstanceOf(Outage);
    expect(always.calls()).toBe(1);
  });

  it('does not start the retry once the deadline has fired, and the breaker does not count it', async () => {
    const { breaker } = setup();
    const deadline = new CallSignal();
    const timedOut = new Error('deadline passed');
    const always = counted(() => {
      deadline.abort(timedOut);
      return Promise.reject(new Reset('ECONNRESET'));
    });
    await expect(breaker.execute(always.task, true, deadline)).rejects.toBe(timedOut);
    expect(always.calls()).toBe(1);

    // one failure counted so far, so THRESHOLD - 2 more leave it closed (a counted retry would open it)
    await failTimes(breaker, THRESHOLD - 2);
    expect(breaker.state()).toBe('closed');
  });
});
