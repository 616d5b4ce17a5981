import type { GraphQLParams } from 'graphql-yoga';

const INCREMENTAL = /@(defer|stream)\b/;

/**
 * The body of a POST that needs nothing but parse, validate and execute: a JSON object with a
 * query string and at most variables and an operation name, of the types GraphQL over HTTP names.
 * Anything else (bad JSON, a batch, extensions such as persisted queries, unknown keys, a document
 * that may @defer or @stream) is undefined: Yoga's own pipeline answers it.
 */
export function singleOperation(text: string): GraphQLParams | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const key in body) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || INCREMENTAL.test(query)) return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  // as the client sent it: the object Yoga's own JSON parser would have handed on
  return body as GraphQLParams;
}
