import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { TICKET_TYPE, type ConsultTicketClaims } from '../../src/protocol/ticket.js';

export const ISSUER = 'https://portal.hospital.test';
export const AUDIENCE = 'consult.hospital.test';
export const HS_ISSUER = 'https://legacy-portal.hospital.test';
export const HS_SECRET = 'a-shared-secret-of-at-least-32-bytes-long!';

export interface TestKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

type Overrides = Partial<ConsultTicketClaims> & { typ?: string; alg?: string };

/** Signs a consult ticket; every claim and header can be overridden to build a bad one. */
export async function signTicket(
  key: CryptoKey | Uint8Array,
  { typ = TICKET_TYPE, alg = 'ES256', ...claims }: Overrides = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'patient-4711',
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    role: 'patient',
    ...claims,
  };
  return new SignJWT(payload).setProtectedHeader({ alg, typ }).sign(key);
}

/** An unsigned `alg: none` token, built by hand (jose refuses to make one). */
export function unsignedTicket(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: TICKET_TYPE })}.${enc(claims)}.`;
}
