import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Production: strips graphql's "Did you mean …?" hints (field, argument, type and enum value
 * names) from every error a client receives, so unknown names do not reveal the schema piece by
 * piece while introspection is off. Runs on the final result: validation, execution and request errors.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result)) result.forEach(hideSuggestions);
      else if (!(Symbol.asyncIterator in result)) hideSuggestions(result);
    },
  };
}

/** The same, for a result answered outside Yoga's result processing. */
export function hideSuggestions(result: ExecutionResult): void {
  for (const error of result.errors ?? []) error.message = error.message.replace(SUGGESTION, '');
}
