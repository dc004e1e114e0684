import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { IdempotencyKeySchema } from '../../protocol/rooms.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';

const TTL_MS = 24 * 3600_000;

/**
 * Runs `work` once per (scope, Idempotency-Key): a retry with the same key and body gets the stored
 * response; the same key with another body is refused (422), as the IETF Idempotency-Key draft says.
 * Without a key the work just runs.
 */
export async function idempotent(
  store: ConsultStore,
  scope: string,
  key: string | undefined,
  body: unknown,
  now: Date,
  work: () => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  if (key === undefined) return { ...(await work()), replayed: false };
  if (!v.is(IdempotencyKeySchema, key)) {
    throw new ProblemError('bad-request', 'Idempotency-Key must be 8 to 128 letters, digits, - or _.');
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  const stored = await store.findIdempotent(scope, key, now);
  if (stored) {
    if (stored.fingerprint !== fingerprint) {
      throw new ProblemError(
        'idempotency-key-reused',
        'This Idempotency-Key was used for a different request.',
      );
    }
    return { status: stored.status, body: JSON.parse(stored.body), replayed: true };
  }
  const result = await work();
  await store.saveIdempotent(
    scope,
    key,
    { fingerprint, status: result.status, body: JSON.stringify(result.body) },
    new Date(now.getTime() + TTL_MS),
  );
  return { ...result, replayed: false };
}
