import { createGraphQLError } from '@graphql-tools/utils';
import type { GraphQLError } from 'graphql';
import { GatewayError } from './gateway-error.js';
import { isRequestRefusal, toSafeRequestError } from './request-errors.js';

export const GENERIC_MESSAGE = 'Unexpected error.';

/**
 * The one place a GatewayError becomes a GraphQL error: `extensions: { code, ...extensions }`,
 * never the cause, stack or upstream details. `httpStatus` is for request-wide refusals (401, 503).
 */
export function toGraphQLError(error: GatewayError, at?: GraphQLError, httpStatus?: number): GraphQLError {
  return createGraphQLError(error.message, {
    ...locationOf(at),
    extensions: { code: error.code, ...error.extensions, ...(httpStatus === undefined ? {} : { http: { status: httpStatus } }) },
  });
}

/**
 * By name, not instanceof, and built with createGraphQLError: graphql ships CJS and ESM builds,
 * and a loader that resolves both (vitest does) ends up with two GraphQLError classes. Yoga and
 * the executor use the one @graphql-tools/utils uses; errors of the other kind would be masked.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError';
}

/** Where in the document and the response an error belongs: kept, and nothing else of the original. */
function locationOf(at: GraphQLError | undefined) {
  return { nodes: at?.nodes, source: at?.source, positions: at?.positions, path: at?.path };
}

function internal(at?: GraphQLError): GraphQLError {
  return createGraphQLError(GENERIC_MESSAGE, {
    ...locationOf(at),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(at?.extensions.http === undefined ? {} : { http: at.extensions.http }) },
  });
}

/**
 * Yoga's maskError: known errors keep their code; GraphQL's own parse and validation errors pass
 * as they are; Yoga's refusals of a request keep only a safe message (request-errors.ts); anything
 * else becomes a generic INTERNAL_SERVER_ERROR (logged elsewhere with the request id). Unlike Yoga's default, development mode adds nothing (no originalError, no stack).
 */
export function maskError(error: unknown): Error {
  if (error instanceof GatewayError) return toGraphQLError(error);
  if (!isGraphQLError(error)) return internal();
  const original = error.originalError;
  if (original === undefined || original === null) {
    if (isRequestRefusal(error)) return toSafeRequestError(error);
    return isExecutionFailure(error) ? internal(error) : error;
  }
  if (original instanceof GatewayError) return toGraphQLError(original, error);
  if (isGraphQLError(original)) return maskError(original);
  return internal(error);
}

/** The error behind a GraphQL error, when it is not one of ours (what the log needs to see). */
export function unexpectedCause(error: GraphQLError): unknown {
  const original = error.originalError;
  if (original === undefined || original === null) return isExecutionFailure(error) ? error : undefined;
  if (original instanceof GatewayError) return undefined;
  if (isGraphQLError(original)) return unexpectedCause(original);
  return original;
}

/**
 * An error raised while executing a field (it has a path) that carries no code of ours: e.g. a
 * value the schema cannot serialise. Its message is an internal detail. Parse and validation
 * errors have no path and are the client's to read.
 */
function isExecutionFailure(error: GraphQLError): boolean {
  return error.path !== undefined && error.extensions.code === undefined;
}
