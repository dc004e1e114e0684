import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { IdempotencyKeySchema } from '../../protocol/rooms.js';
import { ProblemError } from '../problem-error.js';
import type { BookingStore, IdempotentAnswer } from '../store/booking-types.js';
import type { ConsultStore } from '../store/types.js';

const TTL_MS = 24 * 3600_000;

const checkKey = (key: string) => {
  if (!v.is(IdempotencyKeySchema, key)) {
    throw new ProblemError('bad-request', 'Idempotency-Key must be 8 to 128 letters, digits, - or _.');
  }
};
const fingerprintOf = (body: unknown) =>
  createHash('sha256').update(JSON.stringify(body)).digest('base64url');
const reused = () =>
  new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used for a different request.');

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
  checkKey(key);
  const fingerprint = fingerprintOf(body);
  const stored = await store.findIdempotent(scope, key, now);
  if (stored) {
    if (stored.fingerprint !== fingerprint) throw reused();
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

/**
 * The payments-API contract for booking commands: the `Idempotency-Key` is required; the key is claimed
 * before the work runs, so that a concurrent request with it is answered 409 `idempotency-key-in-flight`
 * (a crashed request's claim lapses after `leaseMs`); `work` writes its answer in the same transaction
 * as its effect (`IdempotentAnswer`), so that the first answer is replayed exactly once it committed.
 * A request that failed leaves no answer: its retry runs again.
 */
export async function exactlyOnce(
  bookings: BookingStore,
  scope: string,
  key: string | undefined,
  body: unknown,
  now: Date,
  leaseMs: number,
  work: (answer: Omit<IdempotentAnswer, 'respond'>) => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  if (key === undefined) {
    throw new ProblemError('idempotency-key-missing', 'Send an Idempotency-Key header (a random UUID).');
  }
  checkKey(key);
  const fingerprint = fingerprintOf(body);
  const claim = await bookings.beginIdempotent(
    scope,
    key,
    fingerprint,
    now,
    new Date(now.getTime() + leaseMs),
  );
  if (claim.state === 'mismatch') throw reused();
  if (claim.state === 'in-flight') {
    throw new ProblemError(
      'idempotency-key-in-flight',
      'The first request with this Idempotency-Key is still running.',
      { retryAfter: 1 },
    );
  }
  if (claim.state === 'done') return { status: claim.status, body: claim.body, replayed: true };
  try {
    const result = await work({ scope, key, fingerprint, expiresAt: new Date(now.getTime() + TTL_MS) });
    return { ...result, replayed: false };
  } catch (error) {
    await bookings.abandonIdempotent(scope, key);
    throw error;
  }
}
