import { BREAK, type ASTNode, type ASTVisitor, type TypeInfo, type ValidationContext, type ValidationRule } from 'graphql';
import { collectVariableUsages } from './variable-usages.js';

type VisitFn = (this: unknown, node: ASTNode, key: unknown, parent: unknown, path: unknown, ancestors: unknown) => unknown;

/** The visitors handling one kind (their indexes), with their enter and leave handlers. */
interface KindHandlers {
  readonly index: readonly number[];
  readonly enter: ReadonlyArray<VisitFn | undefined>;
  readonly leave: ReadonlyArray<VisitFn | undefined>;
}

/**
 * All `rules` as one rule, for graphql's own `validate`. graphql's visitInParallel resolves every
 * rule's handlers for all 40-odd AST kinds on every validation (~35 % of validating a small query,
 * measured); this resolves them for the kinds the document has, on first sight. Skipping (`false`),
 * BREAK and `this` behave as in visitInParallel. `typeInfo`: the TypeInfo of the validation under
 * way, when the caller knows it; the operations' variable usages are then collected in this pass
 * (collectVariableUsages) instead of a second one.
 */
export function parallelRules(rules: readonly ValidationRule[], typeInfo: () => TypeInfo | undefined = () => undefined): ValidationRule {
  const prototypeKeys = createPrototypeKeys();
  return (context: ValidationContext): ASTVisitor => {
    const validationTypeInfo = typeInfo();
    const usages = validationTypeInfo === undefined ? undefined : collectVariableUsages(context, validationTypeInfo);
    const visitors = rules.map((rule) => rule(context) as Record<string, unknown>);
    const skipping: unknown[] = new Array(visitors.length).fill(null);
    const candidates = indexVisitors(visitors, prototypeKeys);
    const byKind = new Map<string, KindHandlers | null>();
    const handlersFor = (kind: string): KindHandlers | null => {
      let handlers = byKind.get(kind);
      if (handlers === undefined) {
        handlers = resolveKind(visitors, candidates(kind), kind);
        byKind.set(kind, handlers);
      }
      return handlers;
    };
    return {
      enter(node: ASTNode, key, parent, path, ancestors) {
        usages?.enter(node);
        const handlers = handlersFor(node.kind);
        if (handlers === null) return undefined;
        const { index, enter } = handlers;
        for (let k = 0; k < index.length; k++) {
          const i = index[k] as number;
          if (skipping[i] !== null) continue;
          const result = enter[k]?.call(visitors[i], node, key, parent, path, ancestors);
          if (result === false) skipping[i] = node;
          else if (result === BREAK) skipping[i] = BREAK;
          else if (result !== undefined) return result;
        }
        return undefined;
      },
      leave(node: ASTNode, key, parent, path, ancestors) {
        usages?.leave(node);
        const handlers = handlersFor(node.kind);
        if (handlers === null) return undefined;
        const { index, leave } = handlers;
        // a visitor skipping this node's subtree skipped it from this node's enter: it handles this kind
        for (let k = 0; k < index.length; k++) {
          const i = index[k] as number;
          if (skipping[i] === null) {
            const result = leave[k]?.call(visitors[i], node, key, parent, path, ancestors);
            if (result === BREAK) skipping[i] = BREAK;
            else if (result !== undefined && result !== false) return result;
          } else if (skipping[i] === node) {
            skipping[i] = null;
          }
        }
        return undefined;
      },
    };
  };
}

/**
 * For each kind, the visitors that may handle it, in order: those naming the kind (own or
 * inherited keys: a class's methods are found on its prototype, read once per prototype), and
 * those with a generic enter/leave, which are asked of every kind. Each visitor's keys are read
 * once instead of every kind of every visitor.
 */
function indexVisitors(visitors: ReadonlyArray<Record<string, unknown>>, prototypeKeys: PrototypeKeys): (kind: string) => readonly number[] {
  const naming = new Map<string, number[]>();
  const everyKind: number[] = [];
  // visitors are indexed in order, so each list stays ascending and a repeat is its last entry
  const add = (key: string, i: number) => {
    const list = key === 'enter' || key === 'leave' ? everyKind : naming.get(key);
    if (list === undefined) naming.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  visitors.forEach((visitor, i) => {
    for (const key in visitor) add(key, i);
    for (const key of prototypeKeys(Object.getPrototypeOf(visitor) as object | null)) add(key, i);
  });
  return (kind) => {
    const named = naming.get(kind);
    if (named === undefined) return everyKind;
    return everyKind.length === 0 ? named : mergeAscending(named, everyKind);
  };
}

type PrototypeKeys = (prototype: object | null) => readonly string[];

/** The property names a prototype chain gives its instances (below Object.prototype), remembered per prototype. */
function createPrototypeKeys(): PrototypeKeys {
  const known = new WeakMap<object, readonly string[]>();
  return (prototype) => {
    if (prototype === null || prototype === Object.prototype) return [];
    let keys = known.get(prototype);
    if (keys === undefined) {
      const names = new Set<string>();
      for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
        for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
      }
      keys = [...names];
      known.set(prototype, keys);
    }
    return keys;
  };
}

/** Two ascending lists of indexes as one, without repeats. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    if (x <= y) {
      out.push(x);
      i += 1;
      if (x === y) j += 1;
    } else {
      out.push(y);
      j += 1;
    }
  }
  return out;
}

/** graphql's getEnterLeaveForKind for each candidate; null when none of them handles `kind`. */
function resolveKind(visitors: ReadonlyArray<Record<string, unknown>>, candidates: readonly number[], kind: string): KindHandlers | null {
  const index: number[] = [];
  const enter: Array<VisitFn | undefined> = [];
  const leave: Array<VisitFn | undefined> = [];
  for (const i of candidates) {
    const visitor = visitors[i] as Record<string, unknown>;
    const own = visitor[kind];
    let e: unknown;
    let l: unknown;
    if (typeof own === 'function') e = own;
    else if (typeof own === 'object' && own !== null) ({ enter: e, leave: l } = own as { enter?: unknown; leave?: unknown });
    else ({ enter: e, leave: l } = visitor);
    const enterFn = typeof e === 'function' ? (e as VisitFn) : undefined;
    const leaveFn = typeof l === 'function' ? (l as VisitFn) : undefined;
    if (enterFn === undefined && leaveFn === undefined) continue;
    index.push(i);
    enter.push(enterFn);
    leave.push(leaveFn);
  }
  return index.length === 0 ? null : { index, enter, leave };
}
