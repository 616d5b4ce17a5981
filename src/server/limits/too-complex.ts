import { createGraphQLError } from '@graphql-tools/utils';
import type { GraphQLError } from 'graphql';
import type { ErrorCode } from '../../errors/codes.js';

const CODE: ErrorCode = 'QUERY_TOO_COMPLEX';

/**
 * The refusal of a query-limit check (CONTRACT: nothing executed; HTTP 400, 413 for body and
 * batch). `spec: false` keeps the status for `Accept: application/json` too: Yoga would answer a
 * plain validation error 200 there. Built with createGraphQLError, like errors/to-graphql.ts.
 */
export function tooComplex(message: string, status: 400 | 413 = 400): GraphQLError {
  const headers = status === 413 ? { connection: 'close' } : undefined;
  return createGraphQLError(message, { extensions: { code: CODE, http: { status, spec: false, ...(headers && { headers }) } } });
}

/** Armor prefixes its rejections with "Syntax Error: " although none is one. */
export function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}
