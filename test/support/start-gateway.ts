import type { IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';

export interface StartedGateway {
  /** `http://127.0.0.1:<port>`, no trailing slash */
  readonly url: string;
  readonly gateway: Gateway;
  /** every pino JSON line the gateway wrote, in order */
  readonly logs: string[];
  close(): Promise<void>;
}

/** loadConfig(env) → createGateway with a captured logger → listen on 127.0.0.1:0. */
export async function startGateway(env: Readonly<Record<string, string>>, deps: Omit<GatewayDeps, 'logger'> = {}): Promise<StartedGateway> {
  const config = loadConfig(env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      logs.push(...String(chunk).split('\n').filter((line) => line.length > 0));
      callback();
    },
  });
  const gateway = await createGateway(config, { ...deps, logger: createLogger(config.logLevel, destination) });
  const address = await gateway.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}`, gateway, logs, close: () => gateway.close() };
}

export interface GqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface GqlBody {
  readonly data?: unknown;
  readonly errors?: readonly GqlError[];
}

export interface GqlResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** the raw response text, for leak checks */
  readonly text: string;
  readonly body: GqlBody;
}

export interface GqlOptions {
  /** sent as `Authorization: Bearer <token>` */
  readonly token?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly operationName?: string;
}

/** POST `<gatewayUrl>/graphql` with a JSON body; the whole reply read and parsed. */
export async function gql(gatewayUrl: string, query: string, options: GqlOptions = {}): Promise<GqlResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await request(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: parseBody(text) };
}

/** GET a JSON endpoint such as /readyz. */
export async function getJson(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown }> {
  const res = await request(url);
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

function parseBody(text: string): GqlBody {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as GqlBody) : {};
  } catch {
    return {};
  }
}

/** The value at `path` inside a JSON value (undefined when any step is missing). */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The pino lines parsed as objects. */
export function parsedLogs(logs: readonly string[]): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}
