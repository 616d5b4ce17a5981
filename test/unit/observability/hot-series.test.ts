import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotCounter, HotHistogram } from '../../../src/observability/hot-series.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.1, 1];
const OBSERVATIONS: Array<[string, string, number]> = [
  ['users', 'ok', 0.003],
  ['users', 'ok', 0.01],
  ['users', 'ok', 0.0101],
  ['orders', 'timeout', 2],
  ['users', 'ok', 0.5],
  ['orders', 'ok', 0],
  ['users', 'error', 0.025],
];

/** The same observations through prom-client's own classes and through hot-series. */
async function both(): Promise<{ hot: string; prom: string }> {
  const hotRegistry = new Registry();
  const hotCount = new HotCounter('calls_total', 'Calls', ['service', 'outcome'], hotRegistry);
  const hotDuration = new HotHistogram('call_seconds', 'Call latency', ['service', 'outcome'], BUCKETS, hotRegistry);
  const promRegistry = new Registry();
  const promCount = new Counter({ name: 'calls_total', help: 'Calls', labelNames: ['service', 'outcome'], registers: [promRegistry] });
  const promDuration = new Histogram({ name: 'call_seconds', help: 'Call latency', labelNames: ['service', 'outcome'], buckets: BUCKETS, registers: [promRegistry] });
  for (const [service, outcome, seconds] of OBSERVATIONS) {
    hotCount.labels(service, outcome).inc();
    hotDuration.labels(service, outcome).observe(seconds);
    promCount.labels(service, outcome).inc();
    promDuration.labels(service, outcome).observe(seconds);
  }
  return { hot: await hotRegistry.metrics(), prom: await promRegistry.metrics() };
}

describe('hot-series', () => {
  it("writes the same exposition as prom-client's Counter and Histogram for the same observations", async () => {
    const { hot, prom } = await both();
    expect(hot).toBe(prom);
    expect(hot).toContain('call_seconds_bucket{le="0.01",service="users",outcome="ok"} 2');
    expect(hot).toContain('call_seconds_bucket{le="+Inf",service="orders",outcome="timeout"} 1');
    expect(hot).toContain('calls_total{service="users",outcome="ok"} 4');
  });

  it('gives the same child for the same label values, and refuses a wrong number of them', () => {
    const counter = new HotCounter('things_total', 'Things', ['kind'], new Registry());
    expect(counter.labels('a')).toBe(counter.labels('a'));
    expect(counter.labels('a')).not.toBe(counter.labels('b'));
    expect(() => counter.labels('a', 'b')).toThrow(/takes labels kind/);
  });

  it('starts from nothing again after a registry reset', async () => {
    const registry = new Registry();
    const counter = new HotCounter('things_total', 'Things', ['kind'], registry);
    counter.labels('a').inc();
    registry.resetMetrics();
    counter.labels('b').inc();
    const text = await registry.metrics();
    expect(text).not.toContain('kind="a"');
    expect(text).toContain('things_total{kind="b"} 1');
  });
});
