import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { ConfigError } from '../config/config-error.js';

const VARIABLE = 'PERSISTED_OPERATIONS_FILE';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Hash (lowercase hex sha256 of the document) → document, read once at start-up. */
export type PersistedOperations = ReadonlyMap<string, string>;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Reads PERSISTED_OPERATIONS_FILE: either a JSON object of hash → document (what GraphQL Code
 * Generator's client preset and similar tools emit) or an Apollo persisted-query manifest
 * (`{"format":"apollo-persisted-query-manifest","operations":[{"id","body"}]}`). Every hash must be
 * the sha256 of its document and every document must parse. Throws ConfigError naming the variable.
 */
export function loadPersistedOperations(path: string): PersistedOperations {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${VARIABLE} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}: "${path}")`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`${VARIABLE} is not JSON ("${path}")`);
  }
  const operations = new Map<string, string>();
  for (const [hash, document] of entriesOf(json, path)) {
    const entry = `${VARIABLE} entry "${hash.slice(0, 16)}"`;
    if (!SHA256_HEX.test(hash)) throw new ConfigError(`${entry} is not a lowercase hex sha256 hash ("${path}")`);
    if (typeof document !== 'string') throw new ConfigError(`${entry} must map to a GraphQL document string ("${path}")`);
    if (sha256Hex(document) !== hash) throw new ConfigError(`${entry} is not the sha256 of its document ("${path}")`);
    try {
      parse(document);
    } catch {
      throw new ConfigError(`${entry} is not a valid GraphQL document ("${path}")`);
    }
    operations.set(hash, document);
  }
  if (operations.size === 0) throw new ConfigError(`${VARIABLE} holds no operations ("${path}")`);
  return operations;
}

/** The [hash, document] pairs of either file format. */
function entriesOf(json: unknown, path: string): Array<[string, unknown]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`${VARIABLE} must hold a JSON object of sha256 hash to document ("${path}")`);
  }
  if (!('format' in json) || json.format !== 'apollo-persisted-query-manifest') return Object.entries(json);
  const list = 'operations' in json ? json.operations : undefined;
  if (!Array.isArray(list)) throw new ConfigError(`${VARIABLE} is a manifest without an "operations" list ("${path}")`);
  return list.map((operation: unknown): [string, unknown] => {
    if (typeof operation !== 'object' || operation === null || !('id' in operation) || typeof operation.id !== 'string') {
      throw new ConfigError(`${VARIABLE} has a manifest operation without an "id" ("${path}")`);
    }
    return [operation.id, 'body' in operation ? operation.body : undefined];
  });
}
