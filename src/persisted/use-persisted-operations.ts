import { useAPQ } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations as useYogaPersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { PersistedOperations } from './load-persisted-operations.js';
import type { PersistedQueryStore } from './persisted-query-store.js';

/** The message Apollo's clients (web, iOS, Kotlin) and urql look for before sending the document. */
export const NOT_FOUND_MESSAGE = 'PersistedQueryNotFound';
export const ONLY_MESSAGE = 'Only persisted operations run here: send extensions.persistedQuery.sha256Hash of a registered operation';

/**
 * Automatic persisted queries (Apollo's protocol, Yoga's APQ plugin): a hash alone runs the
 * document registered for it, else PERSISTED_QUERY_NOT_FOUND (HTTP 200, so clients send the
 * document with its hash next); a document with a hash registers it once the hash is checked
 * (PERSISTED_QUERY_MISMATCH otherwise). A request without the extension costs one property read.
 */
export function useAutomaticPersistedQueries(store: PersistedQueryStore): Plugin {
  const apq = useAPQ({ store, responseConfig: { forceStatusCodeOk: true } });
  const onParams = apq.onParams;
  if (onParams === undefined) throw new Error('the APQ plugin has no onParams hook');
  return {
    onParams(payload) {
      const extensions: unknown = payload.params.extensions;
      if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return undefined;
      return onParams(payload);
    },
  };
}

/**
 * PERSISTED_OPERATIONS_ONLY: only the file's operations run, asked for by hash (Yoga's persisted
 * operations plugin). A document in the request, or no hash, is PERSISTED_QUERY_ONLY (HTTP 400);
 * a hash the file does not hold is PERSISTED_QUERY_NOT_FOUND. Nothing is registered.
 */
export function usePersistedOperationsOnly(operations: PersistedOperations): Plugin {
  const only = { message: ONLY_MESSAGE, extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } };
  return useYogaPersistedOperations({
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      notFound: { message: NOT_FOUND_MESSAGE, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 200 } } },
      keyNotFound: only,
      persistedQueryOnly: only,
    },
  });
}
