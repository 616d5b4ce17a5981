import type { BatchLoadFn } from 'dataloader';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { ErrorCode, ServiceName } from '../errors/codes.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { servesStale } from './serves-stale.js';
import { callerScope, staleKey, type StaleKind } from './stale-kinds.js';
import type { StaleStore } from './stale-store.js';

/** One field of the response served from last good data (`code`: the failure it stood in for). */
export interface StaleField {
  readonly path: ReadonlyArray<string | number>;
  readonly service: ServiceName;
  readonly ageSeconds: number;
  readonly code: ErrorCode;
}

interface StaleMark {
  readonly service: ServiceName;
  readonly ageSeconds: number;
  readonly code: ErrorCode;
}

/** Entries a mutation made wrong: `ids` of one kind, for every scope of the caller. */
export interface Affected {
  readonly kind: StaleKind<unknown>;
  readonly ids: readonly string[];
}

/**
 * Per request: keeps each good read of an authenticated caller in the shared store under the
 * caller's scope, stands in stale values for failed reads, and collects which fields got them.
 * Nothing is allocated for the stale bookkeeping unless a read failed.
 */
export class LastGood {
  readonly enabled: boolean;
  /** the fields served from last good data, in the order they resolved; undefined: none */
  served: StaleField[] | undefined;
  #marks: Map<object, StaleMark> | undefined;
  #scope: string | undefined;

  constructor(
    private readonly store: StaleStore,
    private readonly principal: Principal | undefined,
    private readonly now: () => number,
  ) {
    this.enabled = store.enabled && principal !== undefined;
  }

  remember(kind: StaleKind<unknown>, id: string, value: unknown): void {
    this.store.remember(staleKey(this.#callerScope(), kind, id), value);
  }

  /** The last good value for a failed read, marked for the fields that get it; else the failure itself. */
  async recall<V extends object>(kind: StaleKind<V>, id: string, failure: GatewayError): Promise<V | GatewayError> {
    const hit = await this.store.recall(staleKey(this.#callerScope(), kind, id));
    if (hit === undefined) return failure;
    let value: V;
    try {
      value = kind.parse(hit.value);
    } catch {
      return failure;
    }
    const ageSeconds = Math.max(0, Math.floor((this.now() - hit.storedAt) / 1000));
    (this.#marks ??= new Map()).set(value, { service: kind.service, ageSeconds, code: failure.code });
    return value;
  }

  /** A read field's value on its way out: notes its path when it is a stale stand-in. */
  watch<T>(pending: Promise<T>, info: GraphQLResolveInfo): Promise<T> {
    if (!this.enabled) return pending;
    return pending.then((value) => {
      this.note(value, info);
      return value;
    });
  }

  note(value: unknown, info: GraphQLResolveInfo): void {
    if (this.#marks === undefined || typeof value !== 'object' || value === null) return;
    const mark = this.#marks.get(value);
    if (mark === undefined) return;
    (this.served ??= []).push({ path: responsePathAsArray(info.path), ...mark });
  }

  /** Runs a mutation, then (whatever its outcome) drops the caller's entries it may have made wrong. */
  async changing<T>(task: () => Promise<T>, affected: readonly Affected[]): Promise<T> {
    try {
      return await task();
    } finally {
      if (this.enabled && this.principal !== undefined) await this.store.forget(keysOf(this.principal.userId, affected));
    }
  }

  #callerScope(): string {
    if (this.#scope === undefined) {
      if (this.principal === undefined) throw new Error('last good data is kept for authenticated callers only');
      this.#scope = callerScope(this.principal.userId, isAdmin(this.principal));
    }
    return this.#scope;
  }
}

/** Every scope of the caller (with and without admin): a token with other roles must not bring the old value back. */
function keysOf(sub: string, affected: readonly Affected[]): string[] {
  const keys: string[] = [];
  for (const scope of [callerScope(sub, false), callerScope(sub, true)]) {
    for (const { kind, ids } of affected) for (const id of ids) keys.push(staleKey(scope, kind, id));
  }
  return keys;
}

/**
 * Wraps a DataLoader batch function: good values are remembered, failures that last good data may
 * stand in for (servesStale) get the caller's last good value when there is one. Off, or for an
 * anonymous caller, the batch function is returned as it is.
 */
export function withLastGood<K, V extends object>(
  lastGood: LastGood,
  kind: StaleKind<V>,
  idOf: (key: K) => string,
  batch: BatchLoadFn<K, V>,
): BatchLoadFn<K, V> {
  if (!lastGood.enabled) return batch;
  return async (keys) => {
    let results: ArrayLike<V | Error>;
    try {
      results = await batch(keys);
    } catch (error) {
      if (!servesStale(error)) throw error;
      results = keys.map(() => error);
    }
    let failed = false;
    for (let i = 0; i < keys.length; i++) {
      const result = results[i];
      const key = keys[i] as K;
      if (result instanceof Error) failed ||= servesStale(result);
      else if (result !== undefined) lastGood.remember(kind, idOf(key), result);
    }
    if (!failed) return results;
    return Promise.all(
      Array.from(results, (result, i) => (servesStale(result) ? lastGood.recall(kind, idOf(keys[i] as K), result) : result)),
    );
  };
}
