import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../../../src/config/load-config.js';
import { loadTypeDefs } from '../../../../src/schema/load-schema.js';
import { queryLimitRules, tokensExceed } from '../../../../src/server/limits/use-query-limits.js';
import { CONFORMANCE_INTROSPECTION, FULL_INTROSPECTION, REAL_QUERIES, TYPE_INTROSPECTION, nestedOrders } from '../../../integration/production/queries.js';

const schema = buildSchema(loadTypeDefs().join('\n'));

function refusals(query: string, limits = DEFAULT_QUERY_LIMITS): readonly GraphQLError[] {
  return validate(schema, parse(query), [...specifiedRules, ...queryLimitRules(limits)]);
}

function codes(errors: readonly GraphQLError[]): unknown[] {
  return errors.map((error) => error.extensions.code);
}

describe('the default query limits', () => {
  it.each([
    ['full introspection', FULL_INTROSPECTION],
    ['conformance introspection', CONFORMANCE_INTROSPECTION],
    ['__type introspection', TYPE_INTROSPECTION],
    ...Object.entries(REAL_QUERIES),
  ])('let %s through', (_name, query) => {
    expect(refusals(query)).toEqual([]);
    expect(tokensExceed(query, DEFAULT_QUERY_LIMITS.maxTokens)).toBe(false);
  });

  it('refuse one level deeper than the limit with QUERY_TOO_COMPLEX and a 400', () => {
    const errors = refusals(nestedOrders(7));
    expect(codes(errors)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errors[0]?.message).toBe('Query depth limit of 15 exceeded, found 16.');
    expect(errors[0]?.extensions.http).toEqual({ status: 400, spec: false });
  });

  it('accept exactly the limit', () => {
    expect(refusals(nestedOrders(6))).toEqual([]);
  });

  it('report every limit an operation passes', () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { orders(limit: 50) { user { orders(limit: 50) { id } } } }`).join(' ')} }`;
    const messages = refusals(query).map((error) => error.message);
    expect(messages).toEqual([expect.stringMatching(/^Aliases limit of 30 exceeded/), expect.stringMatching(/^Query cost limit of 60000 exceeded/)]);
  });
});

describe('tokensExceed', () => {
  it('counts tokens up to the limit', () => {
    expect(tokensExceed('{ me { id } }', 6)).toBe(false);
    expect(tokensExceed('{ me { id } }', 5)).toBe(true);
  });

  it('ignores comments and leaves lexical errors to the parser', () => {
    expect(tokensExceed('# a long comment\n{ me }', 4)).toBe(false);
    expect(tokensExceed('{ me { id } } "unterminated', 100)).toBe(false);
  });
});
