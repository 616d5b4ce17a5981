// HS256 tokens for the bench users, signed with jose like a real identity provider would.
import { SignJWT } from 'jose';

/** `{ userId → "Bearer <jwt>" }`, valid for `hours`. */
export async function signTokens(secret, userIds, hours = 4) {
  const key = new TextEncoder().encode(secret);
  const entries = await Promise.all(
    userIds.map(async (id) => {
      const jwt = await new SignJWT({ roles: [] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(id)
        .setIssuedAt()
        .setExpirationTime(`${hours}h`)
        .sign(key);
      return [id, `Bearer ${jwt}`];
    }),
  );
  return Object.fromEntries(entries);
}
