import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationLabel } from '../../../src/server/operation-label.js';

const label = (source: string, operationName?: string | null) => operationLabel(parse(source), operationName);

describe('operationLabel', () => {
  it('names a query by its root field', () => {
    expect(label('{ dashboard { cart { subtotal } } }')).toBe('query:dashboard');
  });

  it('names a mutation by its root field', () => {
    expect(label('mutation { checkout(idempotencyKey: "k") { id } }')).toBe('mutation:checkout');
  });

  it('never uses the client-chosen operation name', () => {
    expect(label('query MyVeryOwnName123 { me { id } }', 'MyVeryOwnName123')).toBe('query:me');
  });

  it('uses field names, not aliases', () => {
    expect(label('{ whoAmI: me { id } another: me { name } }')).toBe('query:me');
  });

  it('sorts several root fields so their order does not matter', () => {
    expect(label('{ user(id: "u2") { id } me { id } }')).toBe('query:me+user');
    expect(label('{ me { id } user(id: "u2") { id } }')).toBe('query:me+user');
  });

  it('cuts more than four root fields short', () => {
    expect(label('{ me { id } user(id: "u1") { id } order(id: "o1") { id } dashboard { cart { itemCount } } __typename }')).toBe(
      'query:__typename+dashboard+me+order+…',
    );
  });

  it('labels fragment spreads at the root as (fragment)', () => {
    expect(label('query { ...F } fragment F on Query { me { id } }')).toBe('query:(fragment)');
  });

  it('picks the operation named in operationName', () => {
    expect(label('query A { me { id } } query B { dashboard { cart { itemCount } } }', 'B')).toBe('query:dashboard');
  });

  it('is unknown when operationName names no operation of the document', () => {
    expect(label('query A { me { id } }', 'Nope')).toBe('unknown');
  });

  it('is unknown for several operations without an operationName', () => {
    expect(label('query A { me { id } } query B { me { name } }')).toBe('unknown');
  });
});
