import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startStack } from '../../support/gateway-stack.js';

const DASHBOARD = 'query Dashboard { dashboard { profile { id } recentOrders { id } cart { itemCount } } }';

describe('scripts/otlp-sink.mjs', () => {
  it('counts the spans the gateway exports (protobuf and JSON) and prints them on SIGTERM', async () => {
    const sink = spawn(process.execPath, ['scripts/otlp-sink.mjs', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    sink.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    try {
      await new Promise<void>((resolve) => sink.stdout.on('data', () => output.includes('listening') && resolve()));
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0] ?? '';
      for (const protocol of ['http/protobuf', 'http/json']) {
        const stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol } });
        await stack.query(DASHBOARD);
        await stack.close(); // flushes the spans
      }
      sink.kill('SIGTERM');
      await once(sink, 'exit');
      const counts = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
      // per dashboard: server, operation, parse, validate, execute, rate limit, three upstream calls
      expect(counts).toMatchObject({ spans: 18, undecoded: 0 });
    } finally {
      if (sink.exitCode === null) sink.kill('SIGKILL');
    }
  });
});
