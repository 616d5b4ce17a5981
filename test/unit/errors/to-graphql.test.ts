import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GatewayError, forbidden, upstreamError, upstreamTimeout } from '../../../src/errors/gateway-error.js';
import { GENERIC_MESSAGE, maskError, toGraphQLError, unexpectedCause } from '../../../src/errors/to-graphql.js';

const SECRET_DETAIL = 'connect ECONNREFUSED http://10.0.3.7:5432/internal';

/** A GraphQLError as graphql-js wraps a resolver's throw: located, with the thrown error as originalError. */
const located = (thrown: Error) => new GraphQLError(thrown.message, { path: ['dashboard', 'cart'], originalError: thrown });

describe('toGraphQLError', () => {
  it('puts the code and the extensions of a GatewayError into extensions', () => {
    const error = toGraphQLError(upstreamTimeout('cart', new Error(SECRET_DETAIL)));
    expect(error.message).toBe('cart did not answer in time');
    expect(error.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', service: 'cart' });
  });

  it('keeps the path of the error it replaces', () => {
    const error = toGraphQLError(forbidden(), located(forbidden()));
    expect(error.path).toEqual(['dashboard', 'cart']);
  });

  it('adds an HTTP status only when asked', () => {
    expect(toGraphQLError(new GatewayError('UNAUTHENTICATED', 'no'), undefined, 401).extensions).toEqual({
      code: 'UNAUTHENTICATED',
      http: { status: 401 },
    });
  });

  it('never serializes the cause', () => {
    const text = JSON.stringify(toGraphQLError(upstreamError('users', new Error(SECRET_DETAIL))));
    expect(text).not.toContain('10.0.3.7');
    expect(text).not.toContain('originalError');
    expect(text).not.toContain('stack');
  });
});

describe('maskError', () => {
  it('keeps the code of a GatewayError thrown in a resolver', () => {
    const masked = maskError(located(upstreamTimeout('cart', new Error(SECRET_DETAIL))));
    expect(masked).toMatchObject({ message: 'cart did not answer in time', path: ['dashboard', 'cart'] });
    expect(masked instanceof GraphQLError || masked.name === 'GraphQLError').toBe(true);
  });

  it('turns an unexpected error into a generic INTERNAL_SERVER_ERROR', () => {
    const masked = maskError(located(new TypeError(`Cannot read properties of undefined (${SECRET_DETAIL})`)));
    expect(masked.message).toBe(GENERIC_MESSAGE);
    expect(JSON.stringify(masked)).not.toContain('10.0.3.7');
    expect(masked).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['dashboard', 'cart'] });
  });

  it('turns a bare non-GraphQL error into a generic INTERNAL_SERVER_ERROR', () => {
    const masked = maskError(new Error(SECRET_DETAIL));
    expect(masked.message).toBe(GENERIC_MESSAGE);
    expect(JSON.stringify(masked)).not.toContain(SECRET_DETAIL);
  });

  it('turns a thrown non-error into a generic INTERNAL_SERVER_ERROR', () => {
    expect(maskError(SECRET_DETAIL).message).toBe(GENERIC_MESSAGE);
  });

  it("passes GraphQL's own validation errors as they are", () => {
    const validation = new GraphQLError('Cannot query field "password" on type "User".');
    expect(maskError(validation)).toBe(validation);
  });

  it('masks an uncoded error raised while executing a field (e.g. a value that fails serialisation)', () => {
    const serialisation = new GraphQLError(`Int cannot represent non 32-bit signed integer value: ${SECRET_DETAIL}`, { path: ['me', 'cart', 'itemCount'] });
    const masked = maskError(serialisation);
    expect(masked.message).toBe(GENERIC_MESSAGE);
    expect(masked).toMatchObject({ path: ['me', 'cart', 'itemCount'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('adds neither originalError nor a stack to what it returns', () => {
    const json = JSON.stringify(maskError(located(new Error(SECRET_DETAIL))));
    expect(json).not.toContain('originalError');
    expect(json).not.toContain('stack');
  });
});

describe('unexpectedCause', () => {
  it('finds the unexpected error behind a GraphQL error for the log', () => {
    const original = new TypeError('boom');
    expect(unexpectedCause(located(original))).toBe(original);
  });

  it('logs an uncoded execution error itself', () => {
    const serialisation = new GraphQLError('Int cannot represent non 32-bit signed integer value', { path: ['me'] });
    expect(unexpectedCause(serialisation)).toBe(serialisation);
  });

  it('has nothing to log for a GatewayError', () => {
    expect(unexpectedCause(located(forbidden()))).toBeUndefined();
  });
});
