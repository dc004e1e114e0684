import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
/** Opened values kept per sealed text; a room's row is read on every join (twice), its seal seldom changes. */
const OPENED_CACHE_SIZE = 1024;

/**
 * AES-256-GCM for JSON columns that can hold vendor credentials (a patient's TAN, a requestor URL):
 * a stolen database file or backup then yields no usable join link. The room id is bound as
 * additional data, so a sealed value cannot be moved to another row.
 */
export interface Sealer {
  seal(value: unknown, rowId: string): string;
  open(stored: string, rowId: string): unknown;
}

/** Derives the data key from a server secret (HKDF-SHA-256, its own `info` label). */
export const deriveDataKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'video-consult-elements', 'vendor-data-at-rest v1', 32));

export function createSealer(key: Uint8Array): Sealer {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  const opened = new Map<string, string>();
  return {
    seal(value, rowId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(rowId));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(stored, rowId) {
      // Rows written before encryption was introduced are plain JSON.
      if (!stored.startsWith(PREFIX)) return JSON.parse(stored);
      // Keyed by the exact sealed text and row: the same input was authenticated before and opens to the
      // same plaintext. The JSON is parsed each time, so no caller shares (or can change) another's value.
      const cacheKey = `${rowId}\n${stored}`;
      let plain = opened.get(cacheKey);
      if (plain === undefined) {
        const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(rowId));
        decipher.setAuthTag(raw.subarray(12, 28));
        plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        if (opened.size >= OPENED_CACHE_SIZE) opened.delete(opened.keys().next().value!);
        opened.set(cacheKey, plain);
      }
      return JSON.parse(plain);
    },
  };
}
