import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A random token for URLs: 32 bytes (256 bits) base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens are stored as SHA-256 hashes only, so a database leak does not leak usable links. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * Pseudonymous id of a ticket subject: HMAC-SHA-256 keyed by a server secret, so that guessable
 * subjects (patient numbers) cannot be reversed by hashing candidates.
 */
export const pseudonym = (secret: Uint8Array | string, issuer: string, subject: string): string =>
  createHmac('sha256', secret).update(`${issuer}\n${subject}`).digest('base64url').slice(0, 22);
