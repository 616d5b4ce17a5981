import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Production: a document asking for `__schema` or `__type` fails validation (400,
 * GRAPHQL_VALIDATION_FAILED), so nothing of it runs; `__typename` stays allowed.
 */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
