import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { unexpectedCause } from '../../errors/to-graphql.js';
import type { Metrics } from '../../observability/metrics.js';
import { createOperationLabeler } from '../operation-label.js';
import type { ServerContext } from '../request-state.js';

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
          if (!isSingleResult(result)) return;
          const errors: readonly GraphQLError[] = result.errors ?? [];
          for (const error of errors) {
            const cause = unexpectedCause(error);
            if (cause !== undefined) logger.error({ err: cause, requestId: state.requestId, path: error.path }, 'unexpected error in a resolver');
          }
          const outcome = errors.length === 0 ? 'ok' : result.data ? 'partial' : 'error';
          metrics.graphqlOperation(state.operationLabel ?? 'unknown', outcome, (performance.now() - state.startedAt) / 1000);
        },
      };
    },
  };
}

export function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}
