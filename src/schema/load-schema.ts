import { readFileSync, readdirSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers/index.js';

/** The SDL files of schema/, in a stable order. Read once, at startup. */
export function loadTypeDefs(dir: URL = new URL('../../schema/', import.meta.url)): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, dir), 'utf8'));
}

/** SDL + resolvers → executable schema (directives are applied by the caller). */
export function buildSchema(typeDefs: readonly string[] = loadTypeDefs()): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: [...typeDefs], resolvers, resolverValidationOptions: { requireResolversToMatchSchema: 'error' } });
}
