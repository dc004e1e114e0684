import { randomBytes } from 'node:crypto';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped vendor token with an `exp`, like the doc samples (unsigned: the adapter never verifies it). */
export const fakeJwt = (claims: { sub: string; ttlSeconds: number }): { token: string; exp: number } => {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + claims.ttlSeconds;
  const token = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url({ sub: claims.sub, iat, exp, jti: randomBytes(8).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
  return { token, exp };
};

/** The bearer token of a recorded request, if any. */
export const bearerOf = (headers: Headers): string | undefined =>
  /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
