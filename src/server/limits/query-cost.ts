import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_ORDERS_LIMIT } from '../../resolvers/user.js';

/** How many items a list field is assumed to hold when the query does not say. */
export interface CostModel {
  /** a list with no size argument (`items`, `recentOrders`, introspection's lists) */
  readonly defaultListSize: number;
  /** a size argument given as a variable: unknown during validation, so the largest allowed */
  readonly variableListSize: number;
}

export const COST_MODEL: CostModel = { defaultListSize: 10, variableListSize: MAX_ORDERS_LIMIT };

const SIZE_ARGUMENTS = ['limit', 'first', 'last'];

type FieldDef = GraphQLField<unknown, unknown>;

/**
 * The estimated number of fields in the operation's response: every field counts once for each
 * item of every list above it, so nesting lists multiplies (`orders(limit: 50) { user { orders(limit:
 * 50) { id } } }` is 50 + 50 + 2 500). Fragments are expanded where they are spread, each computed
 * once; a fragment cycle counts nothing here (NoFragmentCyclesRule refuses the document).
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  model: CostModel = COST_MODEL,
): number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  const selectionsCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(selection, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionsCost(selection.selectionSet, narrowed ?? undefined);
      } else total += fragmentCost(selection.name.value);
    }
    return total;
  };

  const fragmentCost = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const definition = fragment(name);
    if (definition === undefined || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionsCost(definition.selectionSet, schema.getType(definition.typeCondition.name.value) ?? undefined);
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined): number => {
    if (node.selectionSet === undefined) return 1;
    const def = fieldDefOf(parent, node.name.value);
    const items = def === undefined ? 1 : listSize(def, node, model);
    return 1 + items * selectionsCost(node.selectionSet, def === undefined ? undefined : getNamedType(def.type));
  };

  return selectionsCost(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
}

function fieldDefOf(parent: GraphQLNamedType | undefined, name: string): FieldDef | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** Items one value of the field stands for: 1 unless the field returns a list (lists of lists multiply). */
function listSize(def: FieldDef, node: FieldNode, model: CostModel): number {
  let size = 1;
  let outermost = true;
  for (let type: GraphQLType = getNullableType(def.type); isListType(type); type = getNullableType(type.ofType)) {
    size *= outermost ? sizeArgument(def, node, model) : model.defaultListSize;
    outermost = false;
  }
  return size;
}

function sizeArgument(def: FieldDef, node: FieldNode, model: CostModel): number {
  for (const name of SIZE_ARGUMENTS) {
    const given = node.arguments?.find((arg) => arg.name.value === name);
    if (given?.value.kind === Kind.INT) return Math.max(0, Number(given.value.value));
    if (given?.value.kind === Kind.VARIABLE) return model.variableListSize;
    const declared = def.args.find((arg) => arg.name === name)?.defaultValue;
    if (given === undefined && typeof declared === 'number') return declared;
  }
  return model.defaultListSize;
}
