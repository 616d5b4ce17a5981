import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../observability/metrics.js';
import { isSingleResult } from '../server/plugins/use-request-observer.js';
import type { RequestState, ServerContext } from '../server/request-state.js';
import { LastGood } from './last-good.js';
import { DEGRADED_HEADER, degradedHeader, summarize } from './summary.js';

/**
 * Tells the client what degraded: `extensions.stale` (fields served from last good data) and
 * `extensions.degraded` (one entry per failed service) on the result, and the same summary in the
 * `Gateway-Degraded` header. A healthy result is left alone: no errors and nothing stale means
 * nothing is computed or allocated.
 */
export function useDegradation(metrics: Metrics): Plugin<ServerContext> {
  return {
    onExecute({ args }) {
      const { state } = args.contextValue;
      const lastGood = lastGoodOf(args.contextValue);
      if (lastGood === undefined) return undefined;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isSingleResult(result) || (result.errors === undefined && lastGood.served === undefined)) return;
          const degraded = summarize(result.errors, lastGood.served);
          if (degraded === undefined) return;
          const stale = lastGood.served?.map(({ path, service, ageSeconds }) => {
            metrics.staleServed(service);
            return { path, service, ageSeconds };
          });
          setResult({ ...result, extensions: { ...result.extensions, ...(stale === undefined ? {} : { stale }), degraded } });
          state.degradedHeader = degradedHeader(degraded);
        },
      };
    },
    onResponse({ response, serverContext }) {
      const header = 'state' in serverContext && isState(serverContext.state) ? serverContext.state.degradedHeader : undefined;
      if (header !== undefined) response.headers.set(DEGRADED_HEADER, header);
    },
  };
}

/** The context is Yoga's merge of the server context and ours: found by what it holds, not cast. */
function lastGoodOf(context: object): LastGood | undefined {
  return 'lastGood' in context && context.lastGood instanceof LastGood ? context.lastGood : undefined;
}

/** onResponse sees Yoga's untyped server context: ours is recognised by what it holds. */
function isState(value: unknown): value is RequestState {
  return typeof value === 'object' && value !== null && 'upstreamCalls' in value;
}
