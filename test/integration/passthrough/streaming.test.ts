import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout } from 'node:timers/promises';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { patternChunk, patternSha256 } from '../../support/recording-upstream.js';
import { startPassthroughStack } from './harness.js';
import { describeMemory, measureMemory } from './memory.js';
import { perTest } from '../../support/per-test.js';

const MB = 1024 * 1024;
const TOTAL = 50 * MB;
const CHUNK = 64 * 1024;
/** UPSTREAM_TIMEOUT_MS of these tests (the contract's default) */
const TIMEOUT_MS = 2000;
const ENV = { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) };
/** 800 chunks × 4 ms ≥ 3.2 s in all, longer than the timeout; each gap 500 times shorter than it */
const INTERVAL_MS = 4;
/** a loaded 2-core machine can take several times the ideal 3.2 s */
const BIG_TRANSFER_TEST_MS = 90_000;
const MEMORY_BUDGET_MB = 40;

interface Received {
  readonly status: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly error: unknown;
}

/** GETs `url`, hashing the body as it streams in; a connection cut mid-body is reported, not thrown. */
async function download(url: string, token: string): Promise<Received> {
  const res = await request(url, { headers: { authorization: `Bearer ${token}` } });
  const hash = createHash('sha256');
  let bytes = 0;
  let error: unknown;
  try {
    for await (const chunk of res.body) {
      const data = chunk as Buffer;
      bytes += data.length;
      hash.update(data);
    }
  } catch (caught) {
    error = caught;
  }
  return { status: res.statusCode, bytes, sha256: hash.digest('hex'), error };
}

/** The same pattern chunk `total / chunk.length` times, `intervalMs` apart: nothing allocated per chunk. */
async function* repeated(chunk: Buffer, total: number, intervalMs: number): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (intervalMs > 0) await setTimeout(intervalMs);
    yield chunk.subarray(0, Math.min(chunk.length, total - sent));
  }
}

async function upload(url: string, token: string, total: number, intervalMs: number): Promise<{ status: number; text: string }> {
  const res = await request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(total) },
    body: Readable.from(repeated(patternChunk(CHUNK), total, intervalMs), { objectMode: false }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('passthrough streaming', () => {
  const startStack = perTest(startPassthroughStack);

  it('streams a slow but steady 50 MB upload, longer than UPSTREAM_TIMEOUT_MS, to the upstream byte for byte with flat gateway memory', async () => {
    const stack = await startStack({ env: ENV });
    const token = await stack.token();
    stack.upstream.respond({ kind: 'send', status: 201, headers: { 'content-type': 'application/json' }, body: '{"stored":true}' });
    const url = `${stack.url}/api/orders/o1/attachments`;
    await upload(url, token, MB, 0); // warm-up: code paths, pools, sockets

    const started = performance.now();
    const report = await measureMemory(() => upload(url, token, TOTAL, INTERVAL_MS));
    const elapsedMs = performance.now() - started;
    console.log(describeMemory(`50 MB upload over ${Math.round(elapsedMs)} ms (UPSTREAM_TIMEOUT_MS ${TIMEOUT_MS})`, report));

    expect(elapsedMs).toBeGreaterThan(TIMEOUT_MS);
    expect(report.result).toEqual({ status: 201, text: '{"stored":true}' });
    const call = stack.upstream.calls.at(-1);
    expect(call?.method).toBe('POST');
    expect(call?.target).toBe('/orders/o1/attachments');
    expect(call?.bodyBytes).toBe(TOTAL);
    expect(call?.bodySha256).toBe(patternSha256(patternChunk(CHUNK), TOTAL));
    expect(report.rssGrowthMb).toBeLessThan(MEMORY_BUDGET_MB);
    // a gateway holding the body would hold ≥ 50 MB at some sample; RSS peaks also count freed-but-kept allocator pages
    expect(report.livePeakGrowthMb).toBeLessThan(MEMORY_BUDGET_MB);
  }, BIG_TRANSFER_TEST_MS);

  it('streams a slow but steady 50 MB download, longer than UPSTREAM_TIMEOUT_MS, uncut and with flat gateway memory', async () => {
    const stack = await startStack({ env: ENV });
    const token = await stack.token();
    stack.upstream.respond({ kind: 'stream', totalBytes: MB, chunkBytes: CHUNK, intervalMs: 0 });
    const url = `${stack.url}/api/carts/u1/export`;
    await download(url, token); // warm-up
    stack.upstream.respond({ kind: 'stream', totalBytes: TOTAL, chunkBytes: CHUNK, intervalMs: INTERVAL_MS });

    const started = performance.now();
    const report = await measureMemory(() => download(url, token));
    const elapsedMs = performance.now() - started;
    console.log(describeMemory(`50 MB download over ${Math.round(elapsedMs)} ms (UPSTREAM_TIMEOUT_MS ${TIMEOUT_MS})`, report));

    // the premise: the transfer as a whole outlasted the deadline (each gap is INTERVAL_MS)
    expect(elapsedMs).toBeGreaterThan(TIMEOUT_MS);
    expect(report.result.error).toBeUndefined();
    expect(report.result.status).toBe(200);
    expect(report.result.bytes).toBe(TOTAL);
    expect(report.result.sha256).toBe(patternSha256(patternChunk(CHUNK), TOTAL));
    expect(report.rssGrowthMb).toBeLessThan(MEMORY_BUDGET_MB);
    // a gateway holding the body would hold ≥ 50 MB at some sample; RSS peaks also count freed-but-kept allocator pages
    expect(report.livePeakGrowthMb).toBeLessThan(MEMORY_BUDGET_MB);
  }, BIG_TRANSFER_TEST_MS);

  it('cuts a download whose upstream stalls longer than UPSTREAM_TIMEOUT_MS between chunks', async () => {
    const stack = await startStack({ env: ENV });
    const total = 4 * MB;
    stack.upstream.respond({ kind: 'stream', totalBytes: total, chunkBytes: CHUNK, intervalMs: 1, stallAfterBytes: MB, stallMs: TIMEOUT_MS * 4 });

    const received = await download(`${stack.url}/api/carts/u1/export`, await stack.token());

    expect(received.status).toBe(200);
    expect(received.bytes).toBeGreaterThanOrEqual(MB / 2);
    expect(received.bytes).toBeLessThan(total);
    expect(received.error).toBeInstanceOf(Error);
  });
});
