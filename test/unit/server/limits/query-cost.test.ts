import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../../../src/schema/load-schema.js';
import { COST_MODEL, operationCost } from '../../../../src/server/limits/query-cost.js';

// Built from the SDL with the same graphql module the test imports (see query-cost.ts on realms).
const schema = buildSchema(loadTypeDefs().join('\n'));

function cost(query: string): number {
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operation ??= definition;
  }
  if (operation === undefined) throw new Error('no operation');
  return operationCost(schema, operation, (name) => fragments.get(name));
}

describe('operationCost', () => {
  it('counts each field once when nothing is a list', () => {
    expect(cost('{ me { id name cart { itemCount subtotal } } }')).toBe(6);
  });

  it('multiplies by a literal limit', () => {
    expect(cost('{ me { orders(limit: 50) { id } } }')).toBe(1 + 1 + 50);
  });

  it("uses the argument's default when the limit is left out (orders: 10)", () => {
    expect(cost('{ me { orders { id status } } }')).toBe(1 + 1 + 10 * 2);
  });

  it('assumes the largest limit when it comes in a variable', () => {
    expect(cost('query($n: Int) { me { orders(limit: $n) { id } } }')).toBe(2 + COST_MODEL.variableListSize);
  });

  it('assumes the default list size for a list without a size argument (Order.items)', () => {
    expect(cost('{ order(id: "o1") { items { productId quantity } } }')).toBe(1 + 1 + COST_MODEL.defaultListSize * 2);
  });

  it('multiplies nested lists', () => {
    expect(cost('{ me { orders(limit: 50) { user { orders(limit: 50) { id } } } } }')).toBe(1 + 1 + 50 * (1 + 1 + 50));
  });

  it('counts a fragment where it is spread, once per spread', () => {
    const inline = cost('{ me { orders(limit: 5) { id status } } a: me { orders(limit: 5) { id status } } }');
    expect(cost('{ me { ...O } a: me { ...O } } fragment O on User { orders(limit: 5) { id status } }')).toBe(inline);
  });

  it('multiplies a fragment spread inside a list, as if written out', () => {
    const written = cost('{ me { orders(limit: 50) { user { orders(limit: 50) { id } } } } }');
    expect(cost('{ me { orders(limit: 50) { user { ...U } } } } fragment U on User { orders(limit: 50) { id } }')).toBe(written);
  });

  it('narrows inline fragments to their type condition', () => {
    expect(cost('{ me { ... on User { orders(limit: 3) { id } } } }')).toBe(1 + 1 + 3);
  });

  it('terminates on a fragment cycle (validation refuses the document)', () => {
    expect(cost('{ me { ...A } } fragment A on User { orders { user { ...B } } } fragment B on User { orders { user { ...A } } }')).toBeGreaterThan(0);
  });

  it('counts introspection like any other query', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(1 + 1 + 10 * (1 + 1 + 10));
  });
});
