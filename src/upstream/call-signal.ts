import { EventEmitter } from 'node:events';

/**
 * Cancels one upstream call: the EventEmitter form of signal undici accepts (`aborted`, `reason`
 * and an 'abort' event). Not an AbortController, because on Node 20 every AbortSignal survives the
 * young-generation GC until the next full one, together with everything its listeners reach (the
 * undici request and its response): at three calls per dashboard that was ~3 KB promoted per
 * request, longer scavenges and ~15 % less throughput (docs/performance.md).
 */
export class CallSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
