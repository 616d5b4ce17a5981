import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** Development only: a random per-process secret, and a token it signs for the printed demo. */
export function createDemoSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function signDemoToken(
  secret: string,
  claims: { sub: string; roles: readonly string[]; issuer: string | undefined; audience: string | undefined },
  ttlSeconds = 24 * 3600,
): Promise<string> {
  let jwt = new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (claims.issuer !== undefined) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
