import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { unexpectedCause } from '../../errors/to-graphql.js';
import type { Metrics } from '../../observability/metrics.js';
import { createOperationLabeler } from '../operation-label.js';
import type { RequestState, ServerContext } from '../request-state.js';

/**
 * Records the operation on the request state (for the request log and metrics) and logs every
 * unexpected error with the request id before masking hides it from the client.
 */
export function useRequestObserver(logger: Logger, metrics: Metrics): Plugin<ServerContext> {
  const operationLabel = createOperationLabeler();
  return {
    onExecute({ args }) {
      const { state } = args.contextValue;
      // the client's name for the log line: the one it asked for, else the document's only operation's
      state.operationName = args.operationName ?? getOperationAST(args.document)?.name?.value;
      state.operationLabel = operationLabel(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          if (!isSingleResult(result)) return observeStream(state);
          const errors: readonly GraphQLError[] = result.errors ?? [];
          logUnexpected(errors, state.requestId);
          const outcome = errors.length === 0 ? 'ok' : result.data ? 'partial' : 'error';
          metrics.graphqlOperation(state.operationLabel ?? 'unknown', outcome, (performance.now() - state.startedAt) / 1000);
          return undefined;
        },
      };
    },
  };

  /** @defer / @stream: every payload's errors are logged, the outcome recorded once the last has gone. */
  function observeStream(state: RequestState) {
    let errorCount = 0;
    return {
      onNext({ result }: { result: unknown }) {
        errorCount += logUnexpected(payloadErrors(result), state.requestId);
      },
      onEnd() {
        const seconds = (performance.now() - state.startedAt) / 1000;
        metrics.graphqlOperation(state.operationLabel ?? 'unknown', errorCount === 0 ? 'ok' : 'partial', seconds);
      },
    };
  }

  /** Logs the cause of each unexpected error; returns how many errors there were. */
  function logUnexpected(errors: readonly GraphQLError[], requestId: string): number {
    for (const error of errors) {
      const cause = unexpectedCause(error);
      if (cause !== undefined) logger.error({ err: cause, requestId, path: error.path }, 'unexpected error in a resolver');
    }
    return errors.length;
  }
}

/** The errors of one payload of an incremental response: its own and its `incremental` entries'. */
function payloadErrors(payload: unknown): GraphQLError[] {
  const { errors, incremental } = payload as { errors?: GraphQLError[]; incremental?: Array<{ errors?: GraphQLError[] }> };
  return [...(errors ?? []), ...(incremental ?? []).flatMap((entry) => entry.errors ?? [])];
}

export function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}
