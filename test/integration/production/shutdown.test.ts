import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstream.js';
import { REDIS_URL, describeWithRedis } from '../../support/redis.js';
import { TEST_SECRET, signHmac } from '../../support/tokens.js';
import { ensureBuilt, killGateway, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

// SHUTDOWN_GRACE_MS 6000: /readyz is 503 and requests are served for 2000 ms (min(2000, 6000 / 2)),
// then the listener closes and in-flight requests have until 6000 ms.
const GRACE_MS = 6000;
const DRAIN_MS = 2000;
// in flight across the whole drain: still running when the listener closes
const SLOW_MS = 3500;

let fakes: FakeUpstreams | undefined;
let gateway: GatewayProcess | undefined;

beforeAll(() => ensureBuilt(), 180_000);

afterEach(async () => {
  await killGateway(gateway);
  await fakes?.close();
  gateway = undefined;
  fakes = undefined;
});

async function started(env: Readonly<Record<string, string>> = {}): Promise<{ fakes: FakeUpstreams; gateway: GatewayProcess }> {
  fakes = await startFakeUpstreams();
  gateway = await startGatewayProcess({
    NODE_ENV: 'production',
    JWT_SECRET: TEST_SECRET,
    ...fakes.env,
    UPSTREAM_TIMEOUT_MS: '10000',
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    ...env,
  });
  return { fakes, gateway };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await sleep(10);
  }
}

async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const res = await request(`${url}/readyz`, { reset: true });
  return { status: res.statusCode, body: await res.body.json() };
}

/** Whether a new TCP connection to the port is refused (the listener is closed). */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM', () => {
  it('turns /readyz 503 at once, keeps serving through the drain delay, lets a slow GraphQL request finish and exits 0', async () => {
    const { fakes, gateway } = await started();
    expect((await readyz(gateway.url)).status).toBe(200);
    fakes.users.fail({ kind: 'delay', ms: SLOW_MS });
    const token = await signHmac(TEST_SECRET, { sub: 'u1' });
    const slow = request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id name } }' }),
    }).then(async (res) => ({ status: res.statusCode, body: await res.body.json(), at: Date.now() }));
    await until(() => fakes.users.requests.length === 1);

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await sleep(100);
    const draining = await readyz(gateway.url);
    expect(draining.status).toBe(503);
    expect(draining.body).toMatchObject({ status: 'not-ready' });
    await sleep(DRAIN_MS / 2 - 100);
    expect((await readyz(gateway.url)).status, 'still answering during the drain delay').toBe(503);

    await sleep(signalled + DRAIN_MS + 600 - Date.now());
    expect(await refusesConnections(gateway.port), 'listener closed after the drain delay').toBe(true);
    expect(gateway.child.exitCode, 'still waiting for the in-flight request').toBeNull();

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { me: { id: 'u1', name: expect.any(String) } } });
    const exit = await gateway.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(GRACE_MS);
    expect(gateway.output()).toContain('shutdown complete');
  });

  it('lets a streaming passthrough response that is still sending its body finish, then exits 0', async () => {
    const { fakes, gateway } = await started();
    // headers at once, the rest of the body SLOW_MS later: the response is mid-stream at SIGTERM
    fakes.users.fail({ kind: 'slowBody', ms: SLOW_MS });
    const token = await signHmac(TEST_SECRET, { sub: 'u1' });
    const res = await request(`${gateway.url}/api/users/u1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    const body: unknown = await res.body.json();
    expect(body).toMatchObject({ id: 'u1' });
    expect(Date.now() - signalled).toBeGreaterThan(SLOW_MS - 1000);
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 0 at once after the drain delay when nothing is in flight (SIGINT too)', async () => {
    const { gateway } = await started();
    const signalled = Date.now();
    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(DRAIN_MS - 100);
    expect(took).toBeLessThan(DRAIN_MS + 2000);
  });
});

const describeRedis = await describeWithRedis();

describeRedis('SIGTERM with REDIS_URL', () => {
  it('lets an in-flight mutation that counts in Redis finish, closes the Redis connection and exits 0', async () => {
    const { fakes, gateway } = await started({ REDIS_URL });
    fakes.cart.fail({ kind: 'delay', ms: 1000 });
    const token = await signHmac(TEST_SECRET, { sub: 'u1' });
    const add = request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { addToCart(productId: "p-shutdown", name: "Mug", quantity: 1, unitPrice: 100) { itemCount } }' }),
    }).then(async (res) => ({ status: res.statusCode, body: await res.body.json() }));
    await until(() => fakes.cart.requests.length === 1);
    gateway.child.kill('SIGTERM');
    expect(await add).toMatchObject({ status: 200, body: { data: { addToCart: { itemCount: expect.any(Number) } } } });
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(gateway.output()).toContain('shutdown complete');
    expect(gateway.output()).not.toContain('shutdown failed');
  });
});
