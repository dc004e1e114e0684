import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { NewJob } from '../jobs/types.js';

/** A connection that can run queries: the pool itself, or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** The channel a job insert notifies (delivered at commit): every instance's runner wakes at once. */
export const JOBS_CHANNEL = 'vc_jobs';

/** The database's clock in milliseconds: leases compare one clock, whatever the instances' clocks say. */
export const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** How often an instance deletes expired lease and slot rows (a killed instance's). */
export const SWEEP_EXPIRED_EVERY_MS = 5 * 60_000;

/** `bigint` (int8) columns hold milliseconds and counts: read them as numbers, not strings. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PgPoolOptions {
  /** `postgres://user@host:port/db`; a secret (it may hold a password). */
  url: string;
  /** Connections this instance opens at most (see README "Several instances": pool sizing). */
  max?: number;
}

export const createPool = ({ url, max = 10 }: PgPoolOptions) =>
  new pg.Pool({ connectionString: url, max, types, application_name: 'consult-server' });

/** Runs `fn` in one transaction on a client of its own; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

/** A unique-key collision (the database refused a second taker). */
export const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';

/**
 * Inserts a job in the caller's transaction (it commits with the change that caused it, or not at all),
 * and notifies the runners of every instance (PostgreSQL delivers it at commit). A job whose `dedupeKey`
 * exists already is not inserted again. Returns whether a row was inserted.
 */
export async function insertJobPg(db: Queryable, job: NewJob, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO jobs (id, kind, dedupe_key, payload, status, attempts, run_at, created_at)
     VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6) ON CONFLICT DO NOTHING`,
    [
      job.id ?? randomUUID(),
      job.kind,
      job.dedupeKey ?? null,
      JSON.stringify(job.payload),
      job.runAt.getTime(),
      now.getTime(),
    ],
  );
  if (rowCount === 1) await db.query(`SELECT pg_notify('${JOBS_CHANNEL}', '')`);
  return rowCount === 1;
}
