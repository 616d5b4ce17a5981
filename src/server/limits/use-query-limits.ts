import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Lexer, Source, TokenKind, type GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../../config/config.js';
import { operationCost } from './query-cost.js';
import { armorMessage, tooComplex } from './too-complex.js';

/** Directives per operation: not configurable, a real query needs a handful (@include, @skip). */
export const MAX_DIRECTIVES = 50;

/**
 * Refuses, before anything executes, a document past the token limit (before parsing) or an
 * operation past the depth, alias, directive or cost limit (while validating), each as
 * QUERY_TOO_COMPLEX with HTTP 400. Fragments count where they are spread; nothing is exempt,
 * introspection included (the defaults leave room for GraphiQL's introspection query).
 */
export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules = queryLimitRules(limits);
  return {
    // Counted here rather than with armor's max-tokens parser: Yoga recodes any error thrown while
    // parsing as a spec parse error, which `Accept: application/json` answers with 200.
    onParams({ params, setResult }) {
      if (typeof params.query === 'string' && tokensExceed(params.query, limits.maxTokens)) {
        setResult({ errors: [tooComplex(`Token limit of ${limits.maxTokens} exceeded.`)] });
      }
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/** The validation rules of the depth, alias, directive and cost limits, reporting QUERY_TOO_COMPLEX. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const report = (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(tooComplex(armorMessage(error)));
  };
  const armor = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };
  return [
    // flattenFragments: a spread adds no level of its own, so depth is the response's nesting
    maxDepthRule({ ...armor, n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: false }),
    maxAliasesRule({ ...armor, n: limits.maxAliases }),
    maxDirectivesRule({ ...armor, n: MAX_DIRECTIVES }),
    costLimitRule(limits.maxCost),
  ];
}

/** QUERY_MAX_COST: see operationCost for what one unit is. */
export function costLimitRule(maxCost: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const cost = operationCost(context.getSchema(), node, (name) => context.getFragment(name) ?? undefined);
      if (cost > maxCost) context.reportError(tooComplex(`Query cost limit of ${maxCost} exceeded, found ${Math.round(cost)}.`));
    },
  });
}

/** Whether the document has more than `max` tokens; lexing stops there. Lexical errors are the parser's to report. */
export function tokensExceed(query: string, max: number): boolean {
  // every token takes at least one character: a short document needs no lexing (the hot path)
  if (query.length <= max) return false;
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; count += 1) if (count >= max) return true;
  } catch {
    return false;
  }
  return false;
}
