import { describe, expect, it } from 'vitest';
import { requestIdFrom } from '../../../src/observability/request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc-123', 'a', 'A.b_c:d-e', '0123456789', 'x'.repeat(128), 'trace:2f1a.span_9'])('keeps the well-formed id %j', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a space', 'abc 123'],
    ['a slash', 'a/b'],
    ['markup', '<script>'],
    ['a newline', 'abc\n123'],
    ['non-ASCII', 'réquest'],
    ['a quote', 'a"b'],
  ])('replaces an id with %s by a new UUID', (_, id) => {
    const replaced = requestIdFrom(id);
    expect(replaced).toMatch(UUID);
    expect(replaced).not.toBe(id);
  });

  it('makes a new UUID when there is no header', () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
  });

  it('makes a different id for every request', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it('takes the first of repeated headers', () => {
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
  });

  it('replaces repeated headers whose first value is malformed', () => {
    expect(requestIdFrom(['bad id', 'good-id'])).toMatch(UUID);
  });
});
