import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createThrottle } from './throttle.js';

/** A Redis command that has not answered by then counts as failed (the request is answered locally). */
export const REDIS_COMMAND_TIMEOUT_MS = 200;
/** Longest the first requests after startup wait for the first connection attempt to settle. */
export const REDIS_STARTUP_WAIT_MS = 1000;
const CONNECT_TIMEOUT_MS = 1000;
/** No byte back for this long while commands are pending: the socket is dead, reconnect. */
const SOCKET_TIMEOUT_MS = 1000;
const QUIT_TIMEOUT_MS = 500;
const ERROR_LOG_INTERVAL_MS = 30_000;

/** What a connection is for: its CLIENT SETNAME and the wording of its log lines. */
export interface RedisPurpose {
  readonly connectionName: string;
  /** e.g. "rate-limit store" */
  readonly label: string;
  /** what the gateway does meanwhile, e.g. "counting locally until it is back" */
  readonly whileDown: string;
  readonly whenBack: string;
}

const RATE_LIMITS: RedisPurpose = {
  connectionName: 'gateway-rate-limits',
  label: 'rate-limit store',
  whileDown: 'counting locally until it is back',
  whenBack: 'counters are shared again',
};

/** One ioredis client (the rate-limit counters' one is shared by every limiter). */
export interface RedisConnection {
  readonly client: Redis;
  /** Settles once the first connection attempt succeeded or failed, or after REDIS_STARTUP_WAIT_MS. */
  readonly firstAttempt: Promise<void>;
  /** The message of the latest client error (for the fallback warning), if any. */
  lastError(): string | undefined;
  /** QUIT, bounded: a hanging server cannot hold up shutdown. */
  close(): Promise<void>;
}

/**
 * Never queues or waits for a connection: a command while disconnected fails at once, a command
 * that hangs fails after REDIS_COMMAND_TIMEOUT_MS, and the caller answers locally. The client keeps
 * reconnecting in the background; its errors are logged at most every 30 s, never thrown.
 */
export function connectRedis(url: URL, logger: Logger, purpose: RedisPurpose = RATE_LIMITS): RedisConnection {
  const client = new Redis(url.toString(), {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
    connectionName: purpose.connectionName,
  });
  const shouldLog = createThrottle(ERROR_LOG_INTERVAL_MS);
  let lastError: string | undefined;
  let down = false;

  client.on('error', (error: Error) => {
    lastError = error.message;
    down = true;
    if (shouldLog()) logger.warn({ err: error }, `${purpose.label}: Redis client error (${purpose.whileDown})`);
  });
  client.on('ready', () => {
    if (down) logger.info(`${purpose.label}: Redis is back, ${purpose.whenBack}`);
    down = false;
  });

  const firstAttempt = new Promise<void>((resolve) => {
    const timer = setTimeout(settle, REDIS_STARTUP_WAIT_MS);
    timer.unref();
    function settle(): void {
      clearTimeout(timer);
      client.off('ready', settle).off('error', settle).off('end', settle);
      resolve();
    }
    client.once('ready', settle).once('error', settle).once('end', settle);
  });

  return {
    client,
    firstAttempt,
    lastError: () => lastError,
    close: async () => {
      if (client.status === 'ready') await withTimeout(client.quit().then(noop, noop), QUIT_TIMEOUT_MS);
      client.disconnect();
    },
  };
}

function noop(): void {}

async function withTimeout(task: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([task, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
