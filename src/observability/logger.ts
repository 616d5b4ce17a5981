import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/**
 * Structured JSON logs; authorization headers and bodies are never logged. Without a destination
 * they go to stdout asynchronously: lines written while a write is in flight go out together in
 * the next one (one syscall for many request lines under load, at once when idle), and pino
 * flushes what is left when the process exits.
 */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'gateway' },
    redact: { paths: ['req.headers.authorization', '*.authorization', 'authorization', 'token'], censor: '[redacted]' },
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
