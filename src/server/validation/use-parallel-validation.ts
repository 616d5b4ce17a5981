import { validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { parallelRules } from './parallel-rules.js';

type ValidateFn = Parameters<NonNullable<Plugin['onValidate']>>[0]['validateFn'];

/** graphql's own `validate`, its rules handed over as one (parallelRules). */
const parallelValidate: ValidateFn = (schema, documentAST, rules, ...rest) =>
  validate(schema, documentAST, rules === undefined ? undefined : [parallelRules(rules)], ...rest);

/**
 * The same errors, in the same order, as graphql's visitInParallel gives, for about half the cost
 * on a document seen for the first time (measured: 460 µs → 260 µs for the bench's 20-orders query).
 * Must come after Yoga's engine plugin, whose validate it replaces.
 */
export function useParallelValidation(): Plugin {
  return {
    onValidate({ setValidationFn }) {
      setValidationFn(parallelValidate);
    },
  };
}
