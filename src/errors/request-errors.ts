import { createGraphQLError } from '@graphql-tools/utils';
import type { GraphQLError } from 'graphql';

/** What a refused request says when its refusal is not one of the known ones below. */
export const BAD_REQUEST_MESSAGE = 'Bad request.';

/**
 * Yoga's own refusals (unreadable body, wrong shape, wrong method) that read the same whatever the
 * client sent: kept word for word. Anything else Yoga says about a request may quote it.
 */
const FIXED_MESSAGES = new Set([
  'POST body sent invalid JSON.',
  'Must provide query string.',
  'GraphQL only supports GET and POST requests.',
  'Can only perform a mutation operation from a POST request.',
  'Could not determine what operation to execute.',
  'Batching is not supported.',
  'Invalid "params" in the request body',
]);

/** Yoga's refusals that name the request's parts or JSON types: safe wording of our own. */
const REWORDED: ReadonlyArray<readonly [RegExp, string]> = [
  [/^POST body is expected to be object/, 'POST body must be a JSON object.'],
  [/^Expected params to be an object/, 'POST body must be a JSON object.'],
  [/^Unexpected parameter /, 'Unexpected parameter in the request body.'],
  [/^Expected "(query|variables|extensions|operationName)" param/, 'Invalid "$1" parameter.'],
  [/^Batching is limited to /, 'Too many operations in one batch.'],
];

/** A request Yoga refused before parsing: it carries `extensions.http`, code BAD_REQUEST and no path. */
export function isRequestRefusal(error: GraphQLError): boolean {
  return error.path === undefined && error.extensions.http !== undefined && error.extensions.code === 'BAD_REQUEST';
}

/**
 * The refusal as the client sees it: code BAD_REQUEST, Yoga's HTTP status and headers, a message
 * from the lists above, and nothing else. Yoga adds `extensions.originalError` (the JSON parser's
 * message, which quotes the body) to a malformed body; it is dropped here, in development as in production.
 */
export function toSafeRequestError(error: GraphQLError): GraphQLError {
  return createGraphQLError(safeMessage(error.message), { extensions: { code: 'BAD_REQUEST', http: httpOf(error.extensions.http) } });
}

/**
 * The status and headers, without Yoga's `spec` flag: that flag lets `Accept: application/json`
 * answer 200, which suits a GraphQL error, not a body that is no GraphQL request at all.
 */
function httpOf(http: unknown): { status: number; headers?: unknown } {
  if (typeof http !== 'object' || http === null) return { status: 400 };
  const status = 'status' in http && typeof http.status === 'number' ? http.status : 400;
  return 'headers' in http ? { status, headers: http.headers } : { status };
}

function safeMessage(message: string): string {
  if (FIXED_MESSAGES.has(message)) return message;
  for (const [pattern, replacement] of REWORDED) {
    const match = pattern.exec(message);
    if (match !== null) return replacement.replace('$1', match[1] ?? '');
  }
  return BAD_REQUEST_MESSAGE;
}
