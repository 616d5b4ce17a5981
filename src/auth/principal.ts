/** The verified caller of one request. */
export interface Principal {
  readonly userId: string;
  readonly roles: readonly string[];
}

export const isAdmin = (principal: Principal): boolean => principal.roles.includes('admin');

/** The user themself or an admin. */
export const canSeePrivate = (principal: Principal, ownerId: string): boolean =>
  principal.userId === ownerId || isAdmin(principal);
