import { BREAK, visit, type DocumentNode } from 'graphql';

/** Whether a document asks for incremental delivery (`@defer` or `@stream` anywhere in it). */
export function hasDeferOrStream(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * `hasDeferOrStream`, remembered per parsed document (Yoga caches parsed documents, so a repeated
 * query is one WeakMap lookup, no walk). Built once per gateway; graphql-jit cannot run incremental
 * delivery, so such documents take the ordinary executor.
 */
export function createIncrementalDeliveryCheck(): (document: DocumentNode) => boolean {
  const verdicts = new WeakMap<DocumentNode, boolean>();
  return (document) => {
    let verdict = verdicts.get(document);
    if (verdict === undefined) {
      verdict = hasDeferOrStream(document);
      verdicts.set(document, verdict);
    }
    return verdict;
  };
}
