import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { sha256Hex } from '../../../src/persisted/load-persisted-operations.js';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { FAST_ENV } from '../../support/gateway-stack.js';
import { REDIS_URL, UNREACHABLE_REDIS_URL, deletePrefixed, describeWithRedis, uniquePrefix } from '../../support/redis.js';
import { startGateway, type StartedGateway } from '../../support/start-gateway.js';
import { signHmac, TEST_SECRET } from '../../support/tokens.js';

const ME = 'query Me { me { id name } }';
const DASHBOARD = 'query Dashboard { dashboard { profile { id } } }';
const persisted = (document: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(document) } });

const dir = mkdtempSync(join(tmpdir(), 'persisted-it-'));
const OPERATIONS_FILE = join(dir, 'operations.json');
writeFileSync(OPERATIONS_FILE, JSON.stringify({ [sha256Hex(DASHBOARD)]: DASHBOARD }));

let fakes: FakeUpstreams | undefined;
const gateways: StartedGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  await fakes?.close();
  fakes = undefined;
});

async function started(env: Record<string, string> = {}, keyPrefix?: string): Promise<StartedGateway> {
  fakes ??= await startFakeUpstreams();
  const gateway = await startGateway({ ...fakes.env, ...FAST_ENV, ...env }, keyPrefix === undefined ? {} : { rateLimitKeyPrefix: keyPrefix });
  gateways.push(gateway);
  return gateway;
}

interface Body {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(gateway: StartedGateway, body: Record<string, unknown>): Promise<{ status: number; body: Body }> {
  const res = await request(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await signHmac(TEST_SECRET, { sub: 'u1' })}` },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Body };
}

const upstreamCalls = () => (fakes === undefined ? 0 : fakes.users.requests.length + fakes.orders.requests.length + fakes.cart.requests.length);

describe('automatic persisted queries', () => {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (HTTP 200) and runs nothing', async () => {
    const gateway = await started();
    const reply = await post(gateway, { extensions: persisted(ME) });
    expect(reply).toEqual({ status: 200, body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } });
    expect(upstreamCalls()).toBe(0);
  });

  it('registers a document sent with its hash, then runs it from the hash alone', async () => {
    const gateway = await started();
    expect((await post(gateway, { query: ME, extensions: persisted(ME) })).body.data).toEqual({ me: { id: 'u1', name: expect.any(String) } });
    expect((await post(gateway, { extensions: persisted(ME) })).body.data).toEqual({ me: { id: 'u1', name: expect.any(String) } });
  });

  it('refuses a document whose hash is not its sha256 with PERSISTED_QUERY_MISMATCH and registers nothing', async () => {
    const gateway = await started();
    const reply = await post(gateway, { query: ME, extensions: persisted(DASHBOARD) });
    expect(reply.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_MISMATCH' });
    expect(upstreamCalls()).toBe(0);
    expect((await post(gateway, { extensions: persisted(DASHBOARD) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a registered hash over GET (useGETForHashedQueries)', async () => {
    const gateway = await started();
    await post(gateway, { query: ME, extensions: persisted(ME) });
    const url = `${gateway.url}/graphql?operationName=Me&extensions=${encodeURIComponent(JSON.stringify(persisted(ME)))}`;
    const res = await request(url, { headers: { accept: 'application/json', authorization: `Bearer ${await signHmac(TEST_SECRET, { sub: 'u1' })}` } });
    expect(await res.body.json()).toEqual({ data: { me: { id: 'u1', name: expect.any(String) } } });
  });

  it('knows the operations of PERSISTED_OPERATIONS_FILE without registration, and still lets other documents run', async () => {
    const gateway = await started({ PERSISTED_OPERATIONS_FILE: OPERATIONS_FILE });
    expect((await post(gateway, { extensions: persisted(DASHBOARD) })).body.data).toEqual({ dashboard: { profile: { id: 'u1' } } });
    expect((await post(gateway, { query: ME })).body.data).toEqual({ me: { id: 'u1', name: expect.any(String) } });
  });

  it('keeps working from memory when Redis is unreachable', async () => {
    const gateway = await started({ REDIS_URL: UNREACHABLE_REDIS_URL });
    expect((await post(gateway, { query: ME, extensions: persisted(ME) })).body.errors).toBeUndefined();
    expect((await post(gateway, { extensions: persisted(ME) })).body.data).toEqual({ me: { id: 'u1', name: expect.any(String) } });
  });
});

describe('PERSISTED_OPERATIONS_ONLY=true', () => {
  const ONLY = { PERSISTED_OPERATIONS_FILE: OPERATIONS_FILE, PERSISTED_OPERATIONS_ONLY: 'true' };

  it('runs an operation of the file by its hash', async () => {
    const gateway = await started(ONLY);
    expect((await post(gateway, { extensions: persisted(DASHBOARD) })).body).toEqual({ data: { dashboard: { profile: { id: 'u1' } } } });
  });

  it.each([
    ['a document', { query: ME }],
    ['a document with its hash (a registration)', { query: ME, extensions: persisted(ME) }],
    ['a file operation sent as text', { query: DASHBOARD }],
    ['no document and no hash', {}],
  ])('refuses %s with PERSISTED_QUERY_ONLY (HTTP 400) and runs nothing', async (_name, body) => {
    const gateway = await started(ONLY);
    const reply = await post(gateway, body);
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([{ message: expect.stringMatching(/^Only persisted operations run here/), extensions: { code: 'PERSISTED_QUERY_ONLY' } }]);
    expect(upstreamCalls()).toBe(0);
  });

  it('answers a hash the file does not hold with PERSISTED_QUERY_NOT_FOUND', async () => {
    const gateway = await started(ONLY);
    const reply = await post(gateway, { extensions: persisted(ME) });
    expect(reply.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  it('refuses to start with a file whose hash is not the sha256 of its document', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ [sha256Hex(ME)]: DASHBOARD }));
    const start = started({ PERSISTED_OPERATIONS_FILE: bad, PERSISTED_OPERATIONS_ONLY: 'true' });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/^PERSISTED_OPERATIONS_FILE entry "[0-9a-f]{16}" is not the sha256 of its document/);
  });
});

const describeRedis = await describeWithRedis();

describeRedis('automatic persisted queries shared through Redis', () => {
  const prefix = uniquePrefix('apq');
  afterAll(() => deletePrefixed(prefix));

  it('runs on one replica a hash registered on another', async () => {
    const a = await started({ REDIS_URL }, prefix);
    const b = await started({ REDIS_URL }, prefix);
    expect((await post(a, { query: ME, extensions: persisted(ME) })).body.errors).toBeUndefined();
    const redis = new Redis(REDIS_URL);
    await expect.poll(() => redis.exists(`${prefix}:apq:${sha256Hex(ME)}`)).toBe(1);
    await redis.quit();
    expect((await post(b, { extensions: persisted(ME) })).body.data).toEqual({ me: { id: 'u1', name: expect.any(String) } });
  });
});
