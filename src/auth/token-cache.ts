import type { Principal } from './principal.js';

/**
 * Verified tokens → their principal, so a client sending the same token on every request is
 * verified once. An entry lives until the token's `exp` and at most `maxAgeMs`, so a key removed
 * from the JWKS stops being honoured within that time. Oldest entries go first when full.
 */
export interface TokenCache {
  get(token: string): Principal | undefined;
  set(token: string, principal: Principal, expiresAtSeconds: number): void;
}

export function createTokenCache(options: { maxEntries: number; maxAgeMs: number; now?: () => number }): TokenCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (entry.until <= now()) {
        entries.delete(token);
        return undefined;
      }
      return entry.principal;
    },
    set(token, principal, expiresAtSeconds) {
      const until = Math.min(expiresAtSeconds * 1000, now() + options.maxAgeMs);
      if (until <= now()) return;
      if (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(token, { principal, until });
    },
  };
}
