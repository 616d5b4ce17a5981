import type { IncomingMessage } from 'node:http';

/**
 * The caller's address. With TRUST_PROXY, the last X-Forwarded-For entry: the one our own load
 * balancer appended (entries before it are whatever the client claimed).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return direct;
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  const last = value?.split(',').map((part) => part.trim()).filter(Boolean).pop();
  return last !== undefined && last.length <= 64 ? last : direct;
}
