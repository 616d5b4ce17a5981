import type { IncomingHttpHeaders } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { expect } from 'vitest';
import { startRecordingUpstream, type RecordingUpstream } from '../../support/recording-upstream.js';
import { startGateway, type StartedGateway } from '../../support/start-gateway.js';
import { signHmac, TEST_SECRET } from '../../support/tokens.js';

/** A gateway whose three services all point at one recording upstream (each service keeps its own pool and breaker). */
export interface PassthroughStack {
  readonly upstream: RecordingUpstream;
  readonly gateway: StartedGateway;
  /** `http://127.0.0.1:<gateway port>` */
  readonly url: string;
  /** an HS256 token the gateway accepts */
  token(sub?: string, roles?: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export const BASE_ENV = {
  JWT_SECRET: TEST_SECRET,
  UPSTREAM_TIMEOUT_MS: '1000',
  BREAKER_RESET_MS: '60000',
  SHUTDOWN_GRACE_MS: '1000',
  LOG_LEVEL: 'warn',
} as const;

export interface StackOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** a path prefix on every upstream URL, e.g. `/v1` */
  readonly basePath?: string;
  /** replaces the recorder's URL for one service (e.g. a closed port) */
  readonly urls?: Partial<Record<'USERS_URL' | 'ORDERS_URL' | 'CART_URL', string>>;
}

export async function startPassthroughStack(options: StackOptions = {}): Promise<PassthroughStack> {
  const upstream = await startRecordingUpstream();
  const base = `${upstream.url}${options.basePath ?? ''}`;
  let gateway: StartedGateway;
  try {
    gateway = await startGateway({ USERS_URL: base, ORDERS_URL: base, CART_URL: base, ...options.urls, ...BASE_ENV, ...options.env });
  } catch (error) {
    await upstream.close();
    throw error;
  }
  const secret = options.env?.JWT_SECRET ?? TEST_SECRET;
  return {
    upstream,
    gateway,
    url: gateway.url,
    token: (sub = 'u1', roles = []) => signHmac(secret, { sub, roles }),
    close: async () => {
      await gateway.close();
      await upstream.close();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** One request through undici, the whole reply read as text. */
export async function send(
  url: string,
  options: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string | Buffer; token?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await request(url, { method: options.method ?? 'GET', headers, body: options.body ?? null });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** A header as one string (the first value when repeated). */
export function header(headers: IncomingHttpHeaders | Readonly<Record<string, string>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** CONTRACT: passthrough errors are exactly `{"error","requestId"}`, the id being the X-Request-Id header. */
export function expectErrorBody(reply: { status: number; headers: IncomingHttpHeaders | Readonly<Record<string, string>>; text: string }, status: number): void {
  expect(reply.status).toBe(status);
  const body: unknown = JSON.parse(reply.text);
  expect(body).toEqual({ error: expect.any(String), requestId: expect.any(String) });
  const requestId = header(reply.headers, 'x-request-id');
  expect(requestId).toBeTruthy();
  expect(body).toHaveProperty('requestId', requestId);
}
