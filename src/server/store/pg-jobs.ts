import type pg from 'pg';
import type { JobStore } from './job-types.js';
import { insertJobPg, inTransaction, JOBS_CHANNEL } from './pg-common.js';
import type { PgListener } from './pg-listen.js';
import { toJob, type JobRow } from './sqlite-jobs.js';

/**
 * The job table on PostgreSQL, shared by every instance. A claim is one statement: the due rows (queued
 * and due, or running with an expired lease: their worker died) are locked `FOR UPDATE SKIP LOCKED`, so
 * that concurrent runners on other instances skip each other's rows instead of waiting or double-taking
 * them, and become `running` with a lease and one more attempt. Finishing checks the attempt, so a worker
 * whose lease was taken over changes nothing. Inserts notify `vc_jobs`: every instance's runner wakes.
 */
export async function createPgJobStore(pool: pg.Pool, listener: PgListener): Promise<JobStore> {
  // Subscribed once, before the store is handed out, so that no insert after it goes unnoticed.
  const wakes = new Set<() => void>();
  await listener.subscribe(JOBS_CHANNEL, () => wakes.forEach((wake) => wake()));
  const finish = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rowCount === 1;
  return {
    async enqueue(job, now) {
      return inTransaction(pool, (c) => insertJobPg(c, job, now));
    },
    async claim({ now, leaseMs, limit, kinds }) {
      const t = now.getTime();
      const { rows } = await pool.query<JobRow>(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = $2
         WHERE id IN (
           SELECT id FROM jobs
           WHERE kind = ANY($4) AND ((status = 'queued' AND run_at <= $1) OR (status = 'running' AND lease_until <= $1))
           ORDER BY run_at, created_at LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [t, t + leaseMs, limit, kinds],
      );
      return rows.map(toJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    },
    async complete({ id, attempt }, now) {
      return finish(
        `UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = $1
         WHERE id = $2 AND attempts = $3 AND status = 'running'`,
        [now.getTime(), id, attempt],
      );
    },
    async retry({ id, attempt }, runAt, code) {
      return finish(
        `UPDATE jobs SET status = 'queued', lease_until = NULL, run_at = $1, last_error = $2
         WHERE id = $3 AND attempts = $4 AND status = 'running'`,
        [runAt.getTime(), code, id, attempt],
      );
    },
    async fail({ id, attempt }, now, code) {
      return finish(
        `UPDATE jobs SET status = 'failed', lease_until = NULL, finished_at = $1, last_error = $2
         WHERE id = $3 AND attempts = $4 AND status = 'running'`,
        [now.getTime(), code, id, attempt],
      );
    },
    async get(id) {
      const { rows } = await pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
      return rows[0] && toJob(rows[0]);
    },
    async findByDedupeKey(key) {
      const { rows } = await pool.query<JobRow>('SELECT * FROM jobs WHERE dedupe_key = $1', [key]);
      return rows[0] && toJob(rows[0]);
    },
    async list({ status, kind, limit = 100 } = {}) {
      const { rows } = await pool.query<JobRow>(
        `SELECT * FROM jobs WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
         ORDER BY created_at DESC, id LIMIT $3`,
        [status ?? null, kind ?? null, limit],
      );
      return rows.map(toJob);
    },
    async nextDue(kinds) {
      const { rows } = await pool.query<{ at: number | null }>(
        `SELECT min(CASE status WHEN 'queued' THEN run_at ELSE lease_until END) AS at FROM jobs
         WHERE kind = ANY($1) AND status IN ('queued', 'running')`,
        [kinds],
      );
      const at = rows[0]?.at;
      return at === null || at === undefined ? undefined : new Date(at);
    },
    onEnqueued(listener) {
      wakes.add(listener);
      return () => wakes.delete(listener);
    },
  };
}
