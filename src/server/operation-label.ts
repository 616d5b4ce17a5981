import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

const MAX_ROOT_FIELDS = 4;

/**
 * A metric label for an operation, made only of schema names (`query:dashboard`,
 * `mutation:checkout`), never of the client's operation name, so label values stay bounded.
 * Call on validated documents only.
 */
export function operationLabel(document: DocumentNode, operationName: string | undefined | null): string {
  const operation = findOperation(document, operationName);
  if (operation === undefined) return 'unknown';
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
    else fields.add('(fragment)');
  }
  const names = [...fields].sort();
  const shown = names.length > MAX_ROOT_FIELDS ? [...names.slice(0, MAX_ROOT_FIELDS), '…'] : names;
  return `${operation.operation}:${shown.join('+')}`;
}

function findOperation(document: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return operations.find((op) => op.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * operationLabel, remembered per document: Yoga's parse cache hands out the same document object
 * for the same query text, so each is labelled once. One per gateway (built in the plugin).
 */
export function createOperationLabeler(): typeof operationLabel {
  const labels = new WeakMap<DocumentNode, Map<string, string>>();
  return (document, operationName) => {
    const key = operationName ?? '';
    let known = labels.get(document);
    const found = known?.get(key);
    if (found !== undefined) return found;
    const label = operationLabel(document, operationName);
    if (known === undefined) labels.set(document, (known = new Map()));
    if (known.size < 16) known.set(key, label);
    return label;
  };
}
