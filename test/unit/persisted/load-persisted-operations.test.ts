import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../../support/config-error.js';
import { loadPersistedOperations, sha256Hex } from '../../../src/persisted/load-persisted-operations.js';

const dir = mkdtempSync(join(tmpdir(), 'persisted-operations-'));
let files = 0;
function fileWith(content: string): string {
  const path = join(dir, `operations-${(files += 1)}.json`);
  writeFileSync(path, content);
  return path;
}

const ME = 'query Me { me { id name } }';
const DASHBOARD = 'query Dashboard { dashboard { profile { id } } }';

const errorOf = (path: string): string => configErrorOf(() => loadPersistedOperations(path));

describe('loadPersistedOperations', () => {
  it('reads a JSON map of sha256 hash to document', () => {
    const operations = loadPersistedOperations(fileWith(JSON.stringify({ [sha256Hex(ME)]: ME, [sha256Hex(DASHBOARD)]: DASHBOARD })));
    expect([...operations]).toEqual([
      [sha256Hex(ME), ME],
      [sha256Hex(DASHBOARD), DASHBOARD],
    ]);
  });

  it('reads an Apollo persisted-query manifest', () => {
    const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256Hex(ME), name: 'Me', type: 'query', body: ME }] };
    expect(loadPersistedOperations(fileWith(JSON.stringify(manifest))).get(sha256Hex(ME))).toBe(ME);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.json'), /^PERSISTED_OPERATIONS_FILE cannot be read \(ENOENT: ".*nope\.json"\)$/],
    ['text that is not JSON', () => fileWith('{ not json'), /^PERSISTED_OPERATIONS_FILE is not JSON/],
    ['a JSON array', () => fileWith('[]'), /^PERSISTED_OPERATIONS_FILE must hold a JSON object of sha256 hash to document/],
    ['an empty object', () => fileWith('{}'), /^PERSISTED_OPERATIONS_FILE holds no operations/],
    ['a key that is no sha256', () => fileWith(JSON.stringify({ abc: ME })), /^PERSISTED_OPERATIONS_FILE entry "abc" is not a lowercase hex sha256 hash/],
    ['a value that is no string', () => fileWith(JSON.stringify({ [sha256Hex(ME)]: 42 })), /must map to a GraphQL document string/],
    ['a hash of another document', () => fileWith(JSON.stringify({ [sha256Hex(DASHBOARD)]: ME })), /^PERSISTED_OPERATIONS_FILE entry "[0-9a-f]{16}" is not the sha256 of its document/],
    ['a document that does not parse', () => fileWith(JSON.stringify({ [sha256Hex('query {')]: 'query {' })), /is not a valid GraphQL document/],
  ])('refuses %s with one line naming the variable', (_name, path, message) => {
    expect(errorOf(path())).toMatch(message);
  });
});
