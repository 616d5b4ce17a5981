import { BREAK, parse, specifiedRules, validate, type GraphQLError, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../../../src/schema/load-schema.js';
import { queryLimitRules } from '../../../../src/server/limits/use-query-limits.js';
import { parallelRules } from '../../../../src/server/validation/parallel-rules.js';
import { createValidate } from '../../../../src/server/validation/use-parallel-validation.js';

const schema = buildSchema();
const rules = [...specifiedRules, ...queryLimitRules({ maxDepth: 4, maxAliases: 3, maxCost: 50, maxTokens: 1000 })];

/** What a client would read of an error: its message, locations and code. */
const clientView = (error: GraphQLError) => ({ message: error.message, locations: error.locations, code: error.extensions['code'] });

const errorsOf = (source: string, ruleSet: readonly ValidationRule[], maxErrors?: number) =>
  validate(schema, parse(source), ruleSet, maxErrors === undefined ? undefined : { maxErrors }).map(clientView);

const DOCUMENTS: Record<string, string> = {
  valid: 'query UserOrders($id: ID!) { user(id: $id) { id name orders(limit: 20) { id total user { name } } } }',
  'unknown field': '{ me { id nickname } }',
  'unknown argument and missing required one': '{ user(key: "u1") { id } }',
  'variable of the wrong type, one unused and one undefined': 'query Q($id: Int!, $unused: String) { user(id: $id) { id orders(limit: $n) { id } } }',
  'fragment cycle, unknown fragment and an unused one': 'query { me { ...A ...Missing } } fragment A on User { ...B } fragment B on User { ...A } fragment Unused on User { id }',
  'fields that cannot merge': '{ me { id: name id } }',
  'duplicate operation names and a lone anonymous operation': 'query A { me { id } } query A { me { id } } { me { id } }',
  'directives: unknown, misplaced, repeated': 'query Q @include(if: true) { me @skip(if: true) @skip(if: false) { id @nope } }',
  'scalar with a selection, object without one': '{ me { id { x } orders } }',
  'too deep, too many aliases, too costly': '{ a: me { orders(limit: 50) { user { orders(limit: 50) { user { name } } } } } b: me { id } c: me { id } d: me { id } }',
  'a mutation with a subscription beside it': 'mutation { checkout } subscription S { me }',
  'variables in fragments, directives and defaults, one in the wrong position':
    'query Q($id: ID!, $n: Int = 3, $flag: Boolean!, $maybe: Int, $unusedInOne: String) { user(id: $id) @include(if: $flag) { ...F ... on User @skip(if: $flag) { orders(limit: $maybe) { id } } } } ' +
    'query R($id: ID = "u1", $stream: Boolean) { user(id: $id) { orders(limit: $n) @stream(if: $stream, initialCount: $count) { id } } } ' +
    'fragment F on User { orders(limit: $n) { id user { name } } }',
  'a directive on a variable definition, an unused variable, and one name in two operations':
    'query A($a: Int @rateLimit(limit: 1, duration: 1), $limit: Int) { me { orders(limit: $limit) { id } } } query B($limit: Int!) { me { orders(limit: $limit) { id } } }',
  'nullable variables in non-null positions, with and without defaults':
    'mutation M($p: ID, $q: Int = 1, $name: String!, $price: Int) { addToCart(productId: $p, name: $name, quantity: $q, unitPrice: $price) { itemCount } }',
};

describe('parallelRules', () => {
  for (const [name, source] of Object.entries(DOCUMENTS)) {
    it(`reports what graphql's visitInParallel reports: ${name}`, () => {
      const expected = errorsOf(source, rules);
      expect(errorsOf(source, [parallelRules(rules)])).toEqual(expected);
      // the plugin's path: variable usages collected in the same pass
      expect(createValidate()(schema, parse(source), rules).map(clientView)).toEqual(expected);
      if (name !== 'valid') expect(expected.length).toBeGreaterThan(0);
    });
  }

  it('stops where graphql stops when the error limit is reached', () => {
    const source = `{ ${Array.from({ length: 30 }, (_, i) => `f${i}: nope${i}`).join(' ')} }`;
    const expected = errorsOf(source, specifiedRules, 5);
    expect(expected.at(-1)?.message).toMatch(/error limit reached/);
    expect(errorsOf(source, [parallelRules(specifiedRules)], 5)).toEqual(expected);
  });

  it('lets one rule skip a subtree or stop without silencing the others, as graphql does', () => {
    const recorder =
      (seen: string[], label: string, answer: (name: string) => unknown): ValidationRule =>
      () => ({
        Field: {
          enter: (node) => {
            seen.push(`${label}>${node.name.value}`);
            return answer(node.name.value);
          },
          leave: (node) => void seen.push(`${label}<${node.name.value}`),
        },
      });
    const run = (merge: (rules: ValidationRule[]) => ValidationRule[]) => {
      const seen: string[] = [];
      const set = [
        recorder(seen, 'skip', (name) => (name === 'orders' ? false : undefined)),
        recorder(seen, 'stop', (name) => (name === 'name' ? BREAK : undefined)),
        recorder(seen, 'all', () => undefined),
      ];
      validate(schema, parse('{ me { orders { id } name id } }'), merge(set));
      return seen;
    };
    const expected = run((set) => set);
    expect(expected).toContain('all>id');
    expect(expected.filter((event) => event.startsWith('skip>'))).toEqual(['skip>me', 'skip>orders', 'skip>name', 'skip>id']);
    expect(expected.filter((event) => event.startsWith('stop>'))).toEqual(['stop>me', 'stop>orders', 'stop>id', 'stop>name']);
    expect(run((set) => [parallelRules(set)])).toEqual(expected);
  });

  it("calls a class visitor's inherited handlers and a generic enter, as graphql does", () => {
    const seen: string[] = [];
    class Base {
      Field(node: { name: { value: string } }) {
        seen.push(`base:${node.name.value}`);
      }
    }
    class Derived extends Base {
      OperationDefinition = { leave: () => void seen.push('derived:operation') };
    }
    const set: ValidationRule[] = [() => new Derived() as never, () => ({ enter: (node) => void seen.push(`generic:${node.kind}`) })];
    const run = (ruleSet: ValidationRule[]) => {
      seen.length = 0;
      validate(schema, parse('{ me { id } }'), ruleSet);
      return [...seen];
    };
    const expected = run(set);
    expect(expected).toEqual(expect.arrayContaining(['base:me', 'base:id', 'derived:operation', 'generic:Field']));
    const merged = parallelRules(set);
    expect(run([merged])).toEqual(expected);
    // the second validation with the same composite reads the prototype's keys from memory
    expect(run([merged])).toEqual(expected);
  });
});
