import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './service-request.js';

/** Who is calling, from the gateway's trusted `X-User-Id` / `X-User-Roles` headers. */
export interface Caller {
  readonly userId: string | undefined;
  readonly admin: boolean;
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

export function callerOf(headers: IncomingHttpHeaders): Caller {
  const userId = headerText(headers['x-user-id']);
  const roles = headerText(headers['x-user-roles']).split(',').map((role) => role.trim());
  return { userId: userId === '' ? undefined : userId, admin: roles.includes('admin') };
}

/** The owner themself or an admin. */
export function mayAccess(caller: Caller, ownerId: string): boolean {
  return caller.admin || caller.userId === ownerId;
}

/** Throws 401 when there is no `X-User-Id`. */
export function requireCaller(caller: Caller): string {
  if (caller.userId === undefined) throw new HttpError(401, 'X-User-Id is required');
  return caller.userId;
}

/** Throws 403 unless the caller owns `ownerId`'s data or is an admin. */
export function requireAccess(caller: Caller, ownerId: string, what: string): void {
  if (!mayAccess(caller, ownerId)) throw new HttpError(403, `not allowed to access another user's ${what}`);
}
