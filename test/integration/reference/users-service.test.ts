import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReferenceServices } from '../../../src/reference/start.js';
import type { RunningServices } from '../../../src/reference/start.js';
import { call, errorOf } from './client.js';

let services: RunningServices;
let base: string;

beforeEach(async () => {
  services = await startReferenceServices();
  base = services.urls.users;
});
afterEach(async () => {
  await services.close();
});

describe('GET /users/{id}', () => {
  it('shows the user themself their email', async () => {
    const res = await call(`${base}/users/u1`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: 'u1', name: 'Ada Lovelace', email: 'ada.lovelace@example.com', createdAt: expect.any(String) });
  });

  it('hides the email of another user', async () => {
    const res = await call(`${base}/users/u2`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: 'u2', name: 'Grace Hopper', createdAt: expect.any(String) });
  });

  it('hides the email from an anonymous caller', async () => {
    expect(await call(`${base}/users/u1`).then((r) => r.json)).not.toHaveProperty('email');
  });

  it('shows an admin every email', async () => {
    expect(await call(`${base}/users/u2`, { user: 'u1', roles: 'reader, admin' }).then((r) => r.json)).toHaveProperty('email');
  });

  it('answers 404 with an error body for an unknown id', async () => {
    const res = await call(`${base}/users/u999`, { user: 'u1' });
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual(expect.any(String));
  });

  it('matches ids exactly', async () => {
    expect((await call(`${base}/users/U1`)).status).toBe(404);
    expect((await call(`${base}/users/u1%20`)).status).toBe(404);
  });

  it('percent-decodes path segments', async () => {
    services.store.addUser({ id: 'odd id/1', name: 'Odd Person' });
    const res = await call(`${base}/users/odd%20id%2F1`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'odd id/1' });
  });

  it('answers 400 to malformed percent-encoding', async () => {
    expect((await call(`${base}/users/%E0%A4%A`)).status).toBe(400);
  });
});

describe('GET /users?ids=', () => {
  it('returns the known users, leaves unknown ids out and hides other emails', async () => {
    const res = await call(`${base}/users?ids=u1,u2,nobody`, { user: 'u1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { id: 'u1', name: 'Ada Lovelace', email: 'ada.lovelace@example.com', createdAt: expect.any(String) },
      { id: 'u2', name: 'Grace Hopper', createdAt: expect.any(String) },
    ]);
  });

  it('answers 400 when ids is missing', async () => {
    const res = await call(`${base}/users`);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual(expect.any(String));
  });
});

describe('routing', () => {
  it('answers 405 to a wrong method', async () => {
    const res = await call(`${base}/users/u1`, { method: 'DELETE', user: 'u1' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });

  it('answers 404 to an unknown route', async () => {
    const res = await call(`${base}/accounts/u1`);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual(expect.any(String));
  });

  it('answers GET /healthz', async () => {
    const res = await call(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });
});
