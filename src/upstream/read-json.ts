import type { Dispatcher } from 'undici';
import { UnreadableBody } from './failures.js';

/** Reads a whole body up to `maxBytes` and parses it as JSON; empty bodies give undefined. */
export async function readJson(body: Dispatcher.ResponseData['body'], headers: Dispatcher.ResponseData['headers'], maxBytes: number): Promise<unknown> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw new UnreadableBody(`body of ${declared} bytes is over the ${maxBytes} byte cap`);
  }
  // Content-Length framing: undici delivers exactly that many bytes, already checked against the cap.
  if (Number.isFinite(declared)) return parseJson(await body.text());
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new UnreadableBody(`body is over the ${maxBytes} byte cap`);
    }
    chunks.push(buffer);
  }
  return parseJson(Buffer.concat(chunks, size).toString('utf8'));
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableBody('body is not JSON', { cause: error });
  }
}
