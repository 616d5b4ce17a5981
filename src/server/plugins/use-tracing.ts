import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { Kind, getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestTrace } from '../../observability/tracing/request-trace.js';
import type { ServerContext } from '../request-state.js';

const MAX_NAME_LENGTH = 100;

/**
 * The GraphQL operation as a span under the request's server span, with parse, validate and
 * execute as its children (a JWKS fetch during authentication sits directly under the operation:
 * Yoga builds the context before any plugin's hook); upstream calls start under execute. Attributes:
 * operation type and name, root fields, outcome (`ok`, `partial`, `error`) and the error codes.
 * Never the document, variables or result. Does nothing for a sampled-out request or with
 * tracing off (`state.trace` undefined).
 */
export function useTracing(): Plugin<ServerContext> {
  // keyed by the trace while the operation runs, and by Yoga's request for the end (the one hook
  // that sees every result, refused ones included, gets the request but not our context)
  const operations = new WeakMap<RequestTrace, Span>();
  const byRequest = new WeakMap<Request, { trace: RequestTrace; span: Span }>();

  const operationOf = (trace: RequestTrace, request: Request): Span | undefined => {
    let span = operations.get(trace);
    if (span === undefined) {
      span = trace.startSpan('graphql');
      if (span === undefined) return undefined;
      operations.set(trace, span);
      byRequest.set(request, { trace, span });
      trace.enter(span);
    }
    return span;
  };

  /** A phase as a child of the operation, the parent of what starts during it; `done` ends it. */
  const phase = (trace: RequestTrace | undefined, request: Request, name: string): ((failed: boolean) => void) | undefined => {
    if (trace?.recording !== true) return undefined;
    const operation = operationOf(trace, request);
    const span = trace.startSpan(name);
    if (operation === undefined || span === undefined) return undefined;
    trace.enter(span);
    return (failed) => {
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      trace.enter(operation);
    };
  };

  return {
    onParse({ context }) {
      const done = phase(context.state.trace, context.request, 'graphql.parse');
      return done && (({ result }) => done(result instanceof Error));
    },
    onValidate({ context }) {
      const done = phase(context.state.trace, context.request, 'graphql.validate');
      return done && (({ valid }) => done(!valid));
    },
    onExecute({ args }) {
      const { trace } = args.contextValue.state;
      const done = phase(trace, args.contextValue.request, 'graphql.execute');
      if (done === undefined || trace === undefined) return undefined;
      const operation = operations.get(trace);
      if (operation !== undefined) describeOperation(operation, args.document, args.operationName);
      return { onExecuteDone: () => done(false) };
    },
    onResultProcess({ request, result }) {
      const running = byRequest.get(request);
      if (running === undefined) return;
      byRequest.delete(request);
      operations.delete(running.trace);
      if (!Array.isArray(result) && isResult(result)) describeOutcome(running.span, result);
      running.span.end();
      running.trace.enter(running.trace.span);
    },
  };
}

function describeOperation(span: Span, document: DocumentNode, operationName: string | null | undefined): void {
  const operation = getOperationAST(document, operationName);
  if (operation === null || operation === undefined) return;
  const name = operation.name?.value.slice(0, MAX_NAME_LENGTH);
  const rootFields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '(fragment)'));
  span.updateName(name === undefined ? operation.operation : `${operation.operation} ${name}`);
  span.setAttributes({
    'graphql.operation.type': operation.operation,
    ...(name === undefined ? {} : { 'graphql.operation.name': name }),
    'graphql.root_fields': [...new Set(rootFields)].slice(0, 20),
  });
}

interface ResultLike {
  readonly data?: unknown;
  readonly errors?: readonly GraphQLError[];
}

function isResult(value: unknown): value is ResultLike {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

/** Outcome and error codes, as the operation metrics count them; a refused or partial operation is an error span. */
function describeOutcome(span: Span, result: ResultLike): void {
  const errors = result.errors ?? [];
  const outcome = errors.length === 0 ? 'ok' : result.data ? 'partial' : 'error';
  span.setAttribute('graphql.outcome', outcome);
  if (errors.length === 0) return;
  const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
  span.setAttribute('graphql.error.codes', codes);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome}: ${codes.join(', ')}` });
}
