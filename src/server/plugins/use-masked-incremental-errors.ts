import { isAsyncIterable } from '@graphql-tools/utils';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type MaskError = (error: unknown) => Error;

interface IncrementalPayload {
  readonly incremental?: ReadonlyArray<{ readonly errors?: readonly GraphQLError[] }>;
}

/**
 * Yoga masks the errors of each streamed payload's top level, not those of its `incremental`
 * entries (a deferred fragment's or a streamed item's errors): those pass through `maskError`
 * here, so a deferred part that fails carries its contract code and nothing of the original.
 * A single result costs one check and no allocation.
 */
export function useMaskedIncrementalErrors(maskError: MaskError): Plugin {
  const mask = (error: GraphQLError) => maskError(error) as GraphQLError;
  const streamHooks = {
    onNext({ result, setResult }: { result: unknown; setResult: (result: never) => void }) {
      const payload = result as IncrementalPayload;
      if (!payload.incremental?.some((entry) => entry.errors !== undefined)) return;
      const incremental = payload.incremental.map((entry) => (entry.errors === undefined ? entry : { ...entry, errors: entry.errors.map(mask) }));
      setResult({ ...payload, incremental } as never);
    },
  };
  const executeHooks = {
    onExecuteDone({ result }: { result: unknown }) {
      return isAsyncIterable(result) ? streamHooks : undefined;
    },
  };
  return { onExecute: () => executeHooks };
}
