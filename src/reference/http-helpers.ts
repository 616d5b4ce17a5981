import type { IncomingMessage, ServerResponse } from 'node:http';
import { answer, errorReply, HttpError } from './service-request.js';
import type { Service, ServiceReply } from './service-request.js';

/** Largest request body the reference services read (1 MB). */
export const MAX_BODY_BYTES = 1_048_576;

/** Reads the whole body as UTF-8; rejects with HttpError 413 past `limitBytes`. */
export function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): void => {
      req.removeListener('data', onData);
      req.resume(); // drain the rest so the reply can still be read by the client
      reject(new HttpError(413, `request body larger than ${limitBytes} bytes`, { connection: 'close' }));
    };
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) tooLarge();
      else chunks.push(chunk);
    };
    if (Number.isFinite(declared) && declared > limitBytes) return tooLarge();
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** Writes a reply as JSON (with Content-Length), or without a body when it has none. */
export function writeReply(res: ServerResponse, reply: ServiceReply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(reply.status, headers).end(text);
}

/** Sends `status {"error": message}`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  writeReply(res, errorReply(status, message));
}

/** Turns a service into a `node:http` request listener. */
export function toHandler(service: Service): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    readBody(req).then(
      (body) => writeReply(res, answer(service, { method: req.method, url: req.url, headers: req.headers, body })),
      (err: unknown) => {
        if (err instanceof HttpError) writeReply(res, errorReply(err.status, err.message, { ...err.headers }));
        else res.destroy();
      },
    );
  };
}
