import { describe, expect, it } from 'vitest';
import { header, send, startPassthroughStack } from './harness.js';
import { perTest } from '../../support/per-test.js';

const APP = 'https://app.example.com';

describe('passthrough CORS', () => {
  const startStack = perTest(startPassthroughStack);

  it('answers a preflight from an allowed origin without authentication and without calling the upstream', async () => {
    const stack = await startStack({ env: { CORS_ORIGINS: APP } });
    const reply = await send(`${stack.url}/api/carts/u1`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(reply.status).toBe(204);
    expect(header(reply.headers, 'access-control-allow-origin')).toBe(APP);
    expect(header(reply.headers, 'access-control-allow-headers')).toContain('authorization');
    expect(header(reply.headers, 'access-control-allow-methods')).toContain('POST');
    expect(stack.upstream.calls).toHaveLength(0);
  });

  it('puts the allowed origin on a proxied answer and exposes the rate-limit headers', async () => {
    const stack = await startStack({ env: { CORS_ORIGINS: APP } });
    const reply = await send(`${stack.url}/api/users/u1`, { headers: { origin: APP }, token: await stack.token('u1') });
    expect(reply.status).toBe(200);
    expect(header(reply.headers, 'access-control-allow-origin')).toBe(APP);
    expect(header(reply.headers, 'access-control-expose-headers')).toContain('ratelimit');
  });

  it('gives an origin outside CORS_ORIGINS no CORS header, so a browser refuses the answer', async () => {
    const stack = await startStack({ env: { CORS_ORIGINS: APP } });
    const preflight = await send(`${stack.url}/api/users/u1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(header(preflight.headers, 'access-control-allow-origin')).toBeUndefined();
    expect(header(preflight.headers, 'access-control-allow-methods')).toBeUndefined();
  });
});
