import { useGraphQlJit } from '@envelop/graphql-jit';
import type { DocumentNode } from 'graphql';

/**
 * Compiled execution (graphql-jit) for the documents clients repeat. Compiling costs as much as
 * some dozens of ordinary executions, so a document runs on the ordinary executor until it has
 * been executed `compileAfter` times; only then is it compiled. Counts and compiled queries are
 * kept per parsed document (weakly), so they are bounded by the document cache and go with it.
 * Documents that are not `eligible` (graphql-jit cannot run them) always take the ordinary executor.
 */
export function useCompiledExecution({ compileAfter, eligible }: { readonly compileAfter: number; readonly eligible: (document: DocumentNode) => boolean }) {
  const executions = new WeakMap<DocumentNode, number>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => {
        const count = executions.get(document) ?? 0;
        if (count >= compileAfter) return true;
        // an ineligible document never reaches the count, so it is checked once per execution only until then
        if (eligible(document)) executions.set(document, count + 1);
        return false;
      },
    },
  );
}
