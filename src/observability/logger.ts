import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Structured JSON logs; authorization headers and bodies are never logged. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'gateway' },
    redact: { paths: ['req.headers.authorization', '*.authorization', 'authorization', 'token'], censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
