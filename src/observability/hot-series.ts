import type { Registry } from 'prom-client';

type Labels = Record<string, string | number>;

/** What prom-client's Registry reads of a metric when it writes the exposition. */
interface Exposed {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  readonly values: Array<{ readonly metricName?: string; readonly labels: Labels; readonly value: number }>;
}

/**
 * Counters and histograms for the per-request path, exposed through a prom-client Registry.
 * prom-client's own classes build, validate and hash a label object and turn every bucket bound
 * into a string key on each observation (~3 % of the gateway's CPU on the dashboard, measured);
 * here a label set is resolved once to a child holding plain numbers. The label sets must be
 * bounded: a child is kept for every set ever seen.
 */
abstract class HotSeries<Child> {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum' as const;
  protected readonly children = new Map<string, { labels: Labels; child: Child }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The child for these label values, in labelNames order. */
  labels(...values: ReadonlyArray<string | number>): Child {
    const key = values.join('\u0000');
    let entry = this.children.get(key);
    if (entry === undefined) {
      if (values.length !== this.labelNames.length) throw new Error(`${this.name} takes labels ${this.labelNames.join(', ')}`);
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i] as string | number]));
      entry = { labels, child: this.create() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  reset(): void {
    this.children.clear();
  }

  get(): Exposed {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }

  protected abstract create(): Child;
  protected abstract values(): Exposed['values'];
}

class HotCounterChild {
  value = 0;
  inc(): void {
    this.value += 1;
  }
}

export class HotCounter extends HotSeries<HotCounterChild> {
  readonly type = 'counter' as const;

  protected values(): Exposed['values'] {
    return [...this.children.values()].map(({ labels, child }) => ({ labels, value: child.value }));
  }

  protected create(): HotCounterChild {
    return new HotCounterChild();
  }
}

class HotHistogramChild {
  /** per bucket, not cumulative; the last one is +Inf */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count += 1;
  }
}

export class HotHistogram extends HotSeries<HotHistogramChild> {
  readonly type = 'histogram' as const;
  private readonly bounds: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
    this.bounds = [...buckets].sort((a, b) => a - b);
  }

  protected values(): Exposed['values'] {
    const values: Exposed['values'] = [];
    for (const { labels, child } of this.children.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += child.counts[i] as number;
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...labels }, value: child.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: child.count });
    }
    return values;
  }

  protected create(): HotHistogramChild {
    return new HotHistogramChild(this.bounds);
  }
}
