import type pg from 'pg';
import { createHmac, randomUUID } from 'node:crypto';
import { inTransaction, NOW_MS, SWEEP_EXPIRED_EVERY_MS as SWEEP_EVERY_MS } from './pg-common.js';

/** Open event streams per subject, counted across every instance on one database. */
export interface SharedSubjectSlots {
  /** Takes one of `limit` slots of `subject`; undefined when they are all taken. The function gives it back. */
  take(subject: string, limit: number): Promise<(() => Promise<void>) | undefined>;
  /** Stops the heartbeat (shutdown); the rows left expire. */
  close(): void;
}

export interface PgSubjectSlotsOptions {
  /** Subjects are stored as keyed hashes of this secret, never in clear. */
  secret: string;
  /** How long a slot outlives its instance's last heartbeat (a killed instance's streams): 60 s. */
  ttlMs?: number;
}

/**
 * A row of `stream_slots` (unlogged) per open stream, with its instance and an expiry that the instance
 * renews every third of `ttlMs` while it holds any: a killed instance's streams stop counting when their
 * rows expire. A take counts the subject's live rows and inserts under a transaction-scoped advisory lock
 * on the subject, so that two instances cannot both take the last slot.
 */
export function createPgSubjectSlots(pool: pg.Pool, o: PgSubjectSlotsOptions): SharedSubjectSlots {
  const instance = randomUUID();
  const ttlMs = o.ttlMs ?? 60_000;
  const mine = new Set<string>();
  const hashOf = (subject: string) =>
    createHmac('sha256', o.secret).update(`stream:${subject}`).digest('base64url').slice(0, 22);
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let lastSweep = Date.now();
  const beat = () =>
    void pool
      .query(`UPDATE stream_slots SET until = ${NOW_MS} + $2 WHERE instance = $1`, [instance, ttlMs])
      .catch(() => {});
  return {
    async take(subject, limit) {
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        await pool.query(`DELETE FROM stream_slots WHERE until < ${NOW_MS}`);
      }
      const key = hashOf(subject);
      const id = randomUUID();
      const taken = await inTransaction(pool, async (db) => {
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vc_stream:${key}`]);
        await db.query(`DELETE FROM stream_slots WHERE subject = $1 AND until < ${NOW_MS}`, [key]);
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM stream_slots WHERE subject = $1',
          [key],
        );
        if (rows[0]!.n >= limit) return false;
        await db.query(
          `INSERT INTO stream_slots (id, subject, instance, until) VALUES ($1, $2, $3, ${NOW_MS} + $4)`,
          [id, key, instance, ttlMs],
        );
        return true;
      });
      if (!taken) return undefined;
      mine.add(id);
      heartbeat ??= setInterval(beat, ttlMs / 3);
      heartbeat.unref?.();
      let given = false;
      return async () => {
        if (given) return;
        given = true;
        mine.delete(id);
        if (mine.size === 0) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
        await pool.query('DELETE FROM stream_slots WHERE id = $1', [id]);
      };
    },
    close() {
      clearInterval(heartbeat);
      heartbeat = undefined;
    },
  };
}
