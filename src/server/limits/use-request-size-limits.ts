import type { Plugin } from 'graphql-yoga';
import { tooComplex } from './too-complex.js';

/** Largest POST /graphql body read: a real query is a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Operations per request: 1 keeps Yoga's batching off (a JSON array body is refused). */
export const MAX_BATCH = 1;

export interface RequestSizeLimits {
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
}

/**
 * POST bodies over `maxBodyBytes` (by Content-Length, or counted while reading a chunked one) and
 * JSON arrays of more than `maxBatch` operations are refused with 413 QUERY_TOO_COMPLEX before any
 * parsing of GraphQL. Wraps the request parser Yoga chose, so its own JSON handling stays.
 */
export function useRequestSizeLimits(limits: RequestSizeLimits = { maxBodyBytes: MAX_BODY_BYTES, maxBatch: MAX_BATCH }): Plugin {
  const bodyTooLarge = () => tooComplex(`Request body larger than ${limits.maxBodyBytes} bytes.`, 413);
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || requestParser === undefined) return undefined;
      const declared = request.headers.get('content-length');
      if (Number(declared ?? 0) > limits.maxBodyBytes) throw bodyTooLarge();
      // Without a Content-Length (chunked), count while reading; with one, Node reads exactly that many bytes.
      if (declared === null) {
        const parse = requestParser;
        setRequestParser(async (original) => {
          const body = await readAtMost(original, limits.maxBodyBytes, bodyTooLarge);
          return parse(new fetchAPI.Request(original.url, { method: original.method, headers: original.headers, body }));
        });
      }
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult) && requestParserResult.length > limits.maxBatch) {
            throw tooComplex(`Batch of ${requestParserResult.length} operations: at most ${limits.maxBatch} per request.`, 413);
          }
        },
      };
    },
  };
}

async function readAtMost(request: Request, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    // stop reading: the 413 goes out with `Connection: close`, so the rest is never wanted
    if (size > maxBytes) throw tooLarge();
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
