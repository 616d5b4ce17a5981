import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Structured JSON logs; authorization headers and bodies are never logged. Without a destination: stdout, see perTurn. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'gateway' },
    redact: { paths: ['req.headers.authorization', '*.authorization', 'authorization', 'token'], censor: '[redacted]' },
  };
  return pino(options, destination ?? perTurn(pino.destination({ dest: 1, sync: true })));
}

/** What pino calls on a destination: write, and flush for logger.flush(). */
interface FlushableDestination extends DestinationStream {
  flush(done?: () => void): void;
}

/**
 * The lines logged in one turn of the event loop, written together at its end: under load one
 * write(2) carries the request lines of many requests (one per line was ~2 % of the gateway's
 * CPU); when idle a line goes out at once. sonic-boom's synchronous writes keep EAGAIN and EPIPE
 * handling, and what is still pending when the process exits is written before it does.
 */
function perTurn(dest: DestinationStream): FlushableDestination {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const lines = pending;
    pending = '';
    dest.write(lines);
  };
  process.once('exit', flush);
  return {
    write(line: string) {
      if (pending === '') setImmediate(flush);
      pending += line;
    },
    flush(done) {
      flush();
      done?.();
    },
  };
}
