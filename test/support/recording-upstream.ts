import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Appears in every 5xx body the recorder sends: a client-facing response containing it leaked the upstream body. */
export const SECRET_MARKER = 'UPSTREAM-SECRET-9f2c1e-do-not-leak';

/** What the upstream saw of one request; filled in as the body streams in. */
export interface RecordedCall {
  readonly method: string;
  /** the raw request target, exactly as it arrived (`req.url`) */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** name/value pairs as they arrived, duplicates kept */
  readonly rawHeaders: readonly string[];
  bodyBytes: number;
  /** hex sha256 of the body, set once it has been read to the end */
  bodySha256: string | undefined;
  /** settles when the body has been read (or the request was aborted) */
  readonly bodyRead: Promise<void>;
}

/** How the recorder answers one request (always after reading the request body to its end). */
export type Reply =
  /** `chunked` leaves Content-Length out, so the body goes chunked (and a `Trailer` header is allowed) */
  | { readonly kind: 'send'; readonly status: number; readonly headers?: OutgoingHttpHeaders; readonly body?: string | Buffer; readonly chunked?: boolean }
  /** `totalBytes` of a repeating pattern in `chunkBytes` chunks, one chunk every `intervalMs`, respecting backpressure */
  | {
      readonly kind: 'stream';
      readonly status?: number;
      readonly headers?: OutgoingHttpHeaders;
      readonly totalBytes: number;
      readonly chunkBytes: number;
      readonly intervalMs: number;
      /** after this many bytes, wait `stallMs` once before going on */
      readonly stallAfterBytes?: number;
      readonly stallMs?: number;
    }
  /** headers (and the reply) only after `ms` */
  | { readonly kind: 'delay'; readonly ms: number; readonly then: Reply }
  /** TCP reset before any response byte */
  | { readonly kind: 'reset' }
  /** a 5xx with the secret marker in a JSON body and in a header */
  | { readonly kind: 'serverError'; readonly status: number };

export type Responder = (call: RecordedCall) => Reply;

export interface RecordingUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly calls: RecordedCall[];
  /** how every following request is answered (default: 200 `{"ok":true}`) */
  respond(responder: Responder | Reply): void;
  /** stops listening, cuts every connection, cancels pending replies */
  close(): Promise<void>;
}

/** A 64 KiB (or `bytes`) buffer of a fixed byte pattern: reused for every chunk so streaming allocates nothing. */
export function patternChunk(bytes = 64 * 1024): Buffer {
  const chunk = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 1) chunk[i] = (i * 31 + 7) & 0xff;
  return chunk;
}

/** sha256 of `totalBytes` made of `chunk` repeated (the last one cut short), as `stream` replies send. */
export function patternSha256(chunk: Buffer, totalBytes: number): string {
  const hash = createHash('sha256');
  for (let sent = 0; sent < totalBytes; sent += chunk.length) hash.update(chunk.subarray(0, Math.min(chunk.length, totalBytes - sent)));
  return hash.digest('hex');
}

const DEFAULT_REPLY: Reply = { kind: 'send', status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

/** A node:http server on 127.0.0.1:0 that records every request (hashing the body as it streams) and answers as told. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const calls: RecordedCall[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let responder: Responder = () => DEFAULT_REPLY;
  let closed = false;

  const later = (ms: number, run: () => void): void => {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const answer = (req: IncomingMessage, res: ServerResponse, reply: Reply): void => {
    if (closed || res.destroyed) return;
    switch (reply.kind) {
      case 'send': {
        const body = reply.body ?? '';
        const length = reply.chunked === true ? {} : { 'content-length': String(Buffer.byteLength(body)) };
        res.writeHead(reply.status, { ...length, ...reply.headers });
        res.end(body);
        return;
      }
      case 'stream':
        return stream(res, reply, later);
      case 'delay':
        return later(reply.ms, () => answer(req, res, reply.then));
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'serverError': {
        const body = JSON.stringify({ error: `database exploded ${SECRET_MARKER}`, stack: `at /srv/app.js:1 ${SECRET_MARKER}` });
        res.writeHead(reply.status, { 'content-type': 'application/json', 'x-upstream-debug': SECRET_MARKER, 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    let settle: () => void = () => undefined;
    const call: RecordedCall = {
      method: req.method ?? '',
      target: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      bodyBytes: 0,
      bodySha256: undefined,
      bodyRead: new Promise<void>((resolve) => (settle = resolve)),
    };
    calls.push(call);
    req.on('data', (chunk: Buffer) => {
      call.bodyBytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      call.bodySha256 = hash.digest('hex');
      settle();
      answer(req, res, responder(call));
    });
    req.on('error', () => settle());
    req.on('close', () => settle());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    respond: (next) => {
      responder = typeof next === 'function' ? next : () => next;
    },
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function stream(res: ServerResponse, reply: Extract<Reply, { kind: 'stream' }>, later: (ms: number, run: () => void) => void): void {
  const chunk = patternChunk(reply.chunkBytes);
  let sent = 0;
  let stalled = false;
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/octet-stream', 'content-length': String(reply.totalBytes), ...reply.headers });
  const next = (): void => {
    if (res.destroyed) return;
    if (sent >= reply.totalBytes) {
      res.end();
      return;
    }
    const wait = !stalled && reply.stallAfterBytes !== undefined && sent >= reply.stallAfterBytes ? (reply.stallMs ?? 0) : reply.intervalMs;
    if (wait !== reply.intervalMs) stalled = true;
    later(wait, () => {
      if (res.destroyed) return;
      const size = Math.min(chunk.length, reply.totalBytes - sent);
      sent += size;
      if (res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) next();
      else res.once('drain', next);
    });
  };
  next();
}
