import { useGraphQlJit } from '@envelop/graphql-jit';
import type { DocumentNode } from 'graphql';

/**
 * Compiled execution (graphql-jit) for the documents clients repeat. Compiling costs as much as
 * some dozens of ordinary executions, so a document runs on the ordinary executor until it has
 * been executed `compileAfter` times; only then is it compiled. Counts and compiled queries are
 * kept per parsed document (weakly), so they are bounded by the document cache and go with it.
 */
export function useCompiledExecution({ compileAfter }: { readonly compileAfter: number }) {
  const executions = new WeakMap<DocumentNode, number>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => {
        const count = executions.get(document) ?? 0;
        if (count >= compileAfter) return true;
        executions.set(document, count + 1);
        return false;
      },
    },
  );
}
