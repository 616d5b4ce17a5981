import { makeExecute } from '@envelop/core';
import { execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export interface CompiledExecutionOptions {
  /** ordinary executions of a document before it is compiled */
  readonly compileAfter: number;
  /** compiled documents kept (each costs ~150 KB of RSS: generated code and its serializer) */
  readonly maxCompiled: number;
  /** documents graphql-jit cannot run (@defer, @stream) are never compiled */
  readonly eligible: (document: DocumentNode) => boolean;
  /** whether a document can be met again (the parse cache kept it): only those are counted; by default all */
  readonly remembers?: (document: DocumentNode) => boolean;
}

interface DocumentState {
  executions: number;
  /** grows 4-fold each time the document's compiled form is evicted or it loses its bid for a place, so a rotation wider than the cache does not recompile on every turn */
  compileAfter: number;
}

interface Compiled {
  readonly operationName: string | undefined;
  readonly query: CompiledQuery;
  /** puts the compiled serializer on a result, for Yoga's response (built once per compiled document) */
  readonly withStringify: (result: ExecutionResult) => ExecutionResult;
  /** executions since compiled, halved each time it keeps its place against a newcomer */
  hits: number;
}

/**
 * Compiled execution (graphql-jit) for the documents clients repeat. Compiling costs as much as
 * some dozens of ordinary executions, so a document runs on graphql's own executor until it has
 * been executed `compileAfter` times. At most `maxCompiled` compiled documents are kept, least
 * recently used evicted first, and only for a document used as much (winsPlace); counts are kept per parsed document (weakly), so they go with the
 * document cache's entries.
 */
export function useCompiledExecution(options: CompiledExecutionOptions) {
  const states = new WeakMap<DocumentNode, DocumentState>();
  const remembers = options.remembers ?? (() => true);
  const compiled = new Map<DocumentNode, Compiled>();

  const evictOldest = () => {
    const oldest = compiled.keys().next();
    if (oldest.done === true) return;
    compiled.delete(oldest.value);
    const state = states.get(oldest.value);
    if (state !== undefined) {
      state.executions = 0;
      state.compileAfter *= 4;
    }
  };

  /**
   * A full cache takes a newcomer only if it has run at least as often as the least recently used
   * compiled document has since its compiling: with many documents at the same rate (a rotation
   * wider than the cache) the compiled ones stay, instead of every document compiling in turn.
   * The loser's count is halved, so a document that went cold gives way in time.
   */
  const winsPlace = (state: DocumentState): boolean => {
    const oldest = compiled.values().next();
    if (oldest.done === true || state.executions >= oldest.value.hits) return true;
    oldest.value.hits >>= 1;
    return false;
  };

  /** The compiled form to run, compiling when the document has earned it; undefined: the ordinary executor. */
  const compiledFor = (args: ExecutionArgs): Compiled | undefined => {
    const { document } = args;
    const operationName = args.operationName ?? undefined;
    const hit = compiled.get(document);
    if (hit !== undefined) {
      if (hit.operationName !== operationName) return undefined;
      // Map order is the LRU order
      compiled.delete(document);
      compiled.set(document, hit);
      hit.hits += 1;
      return hit;
    }
    // a one-off document would only leave a WeakMap entry behind
    if (!remembers(document)) return undefined;
    let state = states.get(document);
    if (state === undefined) {
      state = { executions: 0, compileAfter: options.compileAfter };
      states.set(document, state);
    }
    state.executions += 1;
    if (state.executions <= state.compileAfter) return undefined;
    // asked only of a document about to be compiled: a one-off document is never walked for it
    if (!options.eligible(document)) {
      state.compileAfter = Infinity;
      return undefined;
    }
    if (compiled.size >= options.maxCompiled && !winsPlace(state)) {
      state.executions = 0;
      state.compileAfter *= 4;
      return undefined;
    }
    const query = compileQuery(args.schema, document, operationName);
    if (!isCompiledQuery(query)) {
      state.compileAfter = Infinity;
      return undefined;
    }
    const entry = { operationName, query, withStringify: (result: ExecutionResult) => Object.assign(result, { stringify: query.stringify }), hits: 0 };
    if (compiled.size >= options.maxCompiled) evictOldest();
    compiled.set(document, entry);
    return entry;
  };

  const runCompiled = makeExecute((args) => {
    const entry = compiled.get(args.document);
    // evicted between onExecute and here (another request compiled meanwhile): the ordinary executor answers the same
    if (entry === undefined) return execute(args);
    const result = entry.query.query(args.rootValue, args.contextValue, args.variableValues);
    return result instanceof Promise ? result.then(entry.withStringify) : entry.withStringify(result);
  });

  return {
    onExecute({ args, setExecuteFn }: { args: ExecutionArgs; setExecuteFn: (fn: typeof runCompiled) => void }) {
      if (compiledFor(args) !== undefined) setExecuteFn(runCompiled);
    },
  };
}
