import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { describe } from 'vitest';

export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;
/** Nothing listens on port 1: connections are refused at once. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

/** PING 127.0.0.1:6379 with a short deadline: true when a Redis answered PONG. */
export function redisAnswers(timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(REDIS_PORT, REDIS_HOST);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

/**
 * `describe` when a Redis answers on 127.0.0.1:6379, else `describe.skip` with a message; with
 * REQUIRE_REDIS=1 a missing Redis fails the run instead.
 */
export async function describeWithRedis(): Promise<typeof describe | typeof describe.skip> {
  if (await redisAnswers()) return describe;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but no Redis answers PING on ${REDIS_HOST}:${REDIS_PORT}`);
  console.warn(`No Redis on ${REDIS_HOST}:${REDIS_PORT}: skipping the Redis-backed rate-limit tests (set REQUIRE_REDIS=1 to fail instead)`);
  return describe.skip;
}

/** A key prefix no other run shares, so parallel and repeated runs never see each other's counters. */
export const uniquePrefix = (label: string): string => `test-${label}-${randomUUID()}`;

/** Runs `use` on a short-lived client of the test Redis. */
export async function onRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL);
  try {
    return await use(redis);
  } finally {
    await redis.quit();
  }
}

/** Deletes every key a test run wrote under its unique prefix. */
export function deletePrefixed(prefix: string): Promise<void> {
  return onRedis(async (redis) => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
}

/** A TCP server standing in for a Redis that accepts connections and never answers. */
export interface SilentServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startSilentRedis(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOn(server);
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () => closeAll(server, sockets),
  };
}

/** A TCP proxy to the real Redis that a test can cut (refuse) or freeze (stop forwarding). */
export interface RedisProxy {
  readonly url: string;
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>;
  /** Keeps connections open but forwards nothing more, either way. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(): Promise<RedisProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    const upstream = connect(REDIS_PORT, REDIS_HOST);
    track(upstream);
    client.on('data', (data) => void (frozen || upstream.write(data)));
    upstream.on('data', (data) => void (frozen || client.write(data)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await listenOn(server);
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () => closeAll(server, sockets),
    freeze: () => {
      frozen = true;
    },
    close: () => closeAll(server, sockets),
  };
}

async function listenOn(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}
