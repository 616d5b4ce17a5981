import type { IncomingMessage } from 'node:http';

/**
 * The whole body of a request framed by Content-Length (Node delivers exactly that many bytes);
 * undefined when the client went away before sending it all.
 */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', (error) => (req.readableAborted ? resolve(undefined) : reject(error)));
    req.once('close', () => {
      if (!req.readableEnded) resolve(undefined);
    });
  });
}
