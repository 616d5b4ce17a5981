import { forbidden, unauthenticated } from '../errors/gateway-error.js';
import { canSeePrivate, type Principal } from './principal.js';

/** The caller, or UNAUTHENTICATED for an anonymous request. */
export function requireUser(principal: Principal | undefined): Principal {
  if (principal === undefined) throw unauthenticated();
  return principal;
}

/** The caller when they are `ownerId` or an admin; FORBIDDEN otherwise. */
export function requireOwnerOrAdmin(principal: Principal | undefined, ownerId: string, what: string): Principal {
  const user = requireUser(principal);
  if (!canSeePrivate(user, ownerId)) throw forbidden(`Only the owner or an admin may see ${what}`);
  return user;
}
