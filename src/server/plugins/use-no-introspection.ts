import { createGraphQLError } from '@graphql-tools/utils';
import type { FieldNode, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * Production: a document asking for `__schema` or `__type` fails validation (400,
 * GRAPHQL_VALIDATION_FAILED), so nothing of it runs; `__typename` stays allowed. Matched by name
 * rather than with graphql's NoSchemaIntrospectionCustomRule, whose type checks throw when a test
 * runner loads graphql's CJS and ESM builds side by side (the names are reserved for introspection).
 */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        Field(node: FieldNode) {
          if (!INTROSPECTION_FIELDS.has(node.name.value)) return;
          context.reportError(
            createGraphQLError(`GraphQL introspection is disabled, but the query asked for "${node.name.value}".`, { nodes: [node] }),
          );
        },
      }));
    },
  };
}
