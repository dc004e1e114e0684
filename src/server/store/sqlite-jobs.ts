import type Database from 'better-sqlite3';
import { insertJob } from '../jobs/sqlite-insert.js';
import type { Job, JobKind, JobPayload, JobStatus } from '../jobs/types.js';
import type { JobStore } from './job-types.js';

export interface JobRow {
  id: string;
  kind: JobKind;
  dedupe_key: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  run_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  dedupeKey: r.dedupe_key,
  payload: JSON.parse(r.payload) as JobPayload,
  status: r.status,
  attempts: r.attempts,
  runAt: new Date(r.run_at),
  leaseUntil: r.lease_until === null ? null : new Date(r.lease_until),
  lastError: r.last_error,
  createdAt: new Date(r.created_at),
  finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
});

/** Claimable: due and queued, or running with a lease that ran out (its worker died). */
const CLAIMABLE = `kind IN (SELECT value FROM json_each(@kinds))
  AND ((status = 'queued' AND run_at <= @now) OR (status = 'running' AND lease_until <= @now))`;

/** The SQL function the temporary trigger calls on every insert into `jobs` on this connection. */
const WAKE_FUNCTION = 'vc_job_enqueued';

/**
 * The job store on the consult store's SQLite connection (see `JobStore` for the claim protocol and how
 * PostgreSQL does it). Claims run in `BEGIN IMMEDIATE`: the write lock is taken before the due rows are
 * read, so a second connection (another runner on the same file) waits (`busy_timeout`) and then sees
 * them claimed, instead of failing on a stale snapshot.
 */
export function createSqliteJobStore(db: Database.Database): JobStore {
  const listeners = new Set<() => void>();
  // A temporary trigger lives on this connection only: inserts by `insertJob` inside any transaction here
  // wake this process's runner; other processes' inserts are found by polling. Listeners run on the next
  // turn of the event loop, after the inserting transaction (synchronous in better-sqlite3) committed.
  // One wake-up per turn, however many jobs a transaction inserted.
  let waking = false;
  db.function(WAKE_FUNCTION, { varargs: false }, () => {
    if (listeners.size === 0 || waking) return null;
    waking = true;
    setImmediate(() => {
      waking = false;
      listeners.forEach((listener) => listener());
    });
    return null;
  });
  db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS jobs_enqueued AFTER INSERT ON main.jobs
    BEGIN SELECT ${WAKE_FUNCTION}(); END`);

  const q = {
    claim: db.prepare<{ now: number; leaseUntil: number; limit: number; kinds: string }, JobRow>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = @leaseUntil
       WHERE id IN (SELECT id FROM jobs WHERE ${CLAIMABLE} ORDER BY run_at, created_at LIMIT @limit)
       RETURNING *`,
    ),
    complete: db.prepare(
      `UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = ?
       WHERE id = ? AND attempts = ? AND status = 'running'`,
    ),
    retry: db.prepare(
      `UPDATE jobs SET status = 'queued', lease_until = NULL, run_at = ?, last_error = ?
       WHERE id = ? AND attempts = ? AND status = 'running'`,
    ),
    fail: db.prepare(
      `UPDATE jobs SET status = 'failed', lease_until = NULL, finished_at = ?, last_error = ?
       WHERE id = ? AND attempts = ? AND status = 'running'`,
    ),
    get: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),
    byKey: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE dedupe_key = ?'),
    list: db.prepare<{ status: string | null; kind: string | null; limit: number }, JobRow>(
      `SELECT * FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)
       ORDER BY created_at DESC, id LIMIT @limit`,
    ),
    nextDue: db.prepare<{ kinds: string }, { at: number | null }>(
      `SELECT min(CASE status WHEN 'queued' THEN run_at ELSE lease_until END) AS at FROM jobs
       WHERE kind IN (SELECT value FROM json_each(@kinds)) AND status IN ('queued', 'running')`,
    ),
  };
  const claim = db.transaction((now: number, leaseUntil: number, limit: number, kinds: string) =>
    q.claim.all({ now, leaseUntil, limit, kinds }),
  );

  return {
    async enqueue(job, now) {
      return db.transaction(() => insertJob(db, job, now))();
    },
    async claim({ now, leaseMs, limit, kinds }) {
      const t = now.getTime();
      return claim.immediate(t, t + leaseMs, limit, JSON.stringify(kinds)).map(toJob);
    },
    async complete({ id, attempt }, now) {
      return q.complete.run(now.getTime(), id, attempt).changes === 1;
    },
    async retry({ id, attempt }, runAt, code) {
      return q.retry.run(runAt.getTime(), code, id, attempt).changes === 1;
    },
    async fail({ id, attempt }, now, code) {
      return q.fail.run(now.getTime(), code, id, attempt).changes === 1;
    },
    async get(id) {
      const row = q.get.get(id);
      return row && toJob(row);
    },
    async findByDedupeKey(key) {
      const row = q.byKey.get(key);
      return row && toJob(row);
    },
    async list({ status, kind, limit = 100 } = {}) {
      return q.list.all({ status: status ?? null, kind: kind ?? null, limit }).map(toJob);
    },
    async nextDue(kinds) {
      const at = q.nextDue.get({ kinds: JSON.stringify(kinds) })?.at;
      return at === null || at === undefined ? undefined : new Date(at);
    },
    onEnqueued(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
