import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'node:net';

/** Malformed HTTP (bad header bytes, oversized headers) gets a coded 400 with a request id; the server keeps serving. */
export function handleClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const requestId = randomUUID();
    const body = JSON.stringify({ error: 'Malformed HTTP request', requestId });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/** Longest time /readyz answers 503 before the listener closes: a load balancer's check interval or two. */
export const MAX_DRAIN_DELAY_MS = 2000;

/** How long to keep serving after SIGTERM with /readyz at 503: min(2 s, half the grace period). */
export function drainDelayMs(graceMs: number): number {
  return Math.min(MAX_DRAIN_DELAY_MS, Math.floor(graceMs / 2));
}

/**
 * The first half of a shutdown, after the caller has turned /readyz to 503: keeps serving for
 * `delayMs` so load balancers notice and route elsewhere, with every response from now on closing
 * its connection so no keep-alive client is left holding one to a closing listener.
 */
export async function drain(server: Server, delayMs: number): Promise<void> {
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  await sleep(delayMs);
}

/**
 * Stops accepting connections, closes idle keep-alive ones, and waits for in-flight requests up
 * to `graceMs`; whatever is still open then is cut.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, deadline]);
  clearInterval(idleSweep);
  clearTimeout(timer);
}
