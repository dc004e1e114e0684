import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { NewJob } from './types.js';

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * Inserts a job on `db`, inside whatever transaction the caller runs (so that the job commits with the
 * change that caused it, or not at all). A job whose `dedupeKey` exists already is not inserted again.
 * Returns whether a row was inserted.
 */
export function insertJob(db: Database.Database, job: NewJob, now: Date): boolean {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO jobs (id, kind, dedupe_key, payload, status, attempts, run_at, created_at)
       VALUES (?, ?, ?, ?, 'queued', 0, ?, ?) ON CONFLICT DO NOTHING`,
    );
    statements.set(db, statement);
  }
  const { changes } = statement.run(
    job.id ?? randomUUID(),
    job.kind,
    job.dedupeKey ?? null,
    JSON.stringify(job.payload),
    job.runAt.getTime(),
    now.getTime(),
  );
  return changes === 1;
}
