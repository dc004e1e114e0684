import type { Job, JobKind, JobStatus, NewJob } from '../jobs/types.js';

/** What one claim asks for. */
export interface ClaimRequest {
  now: Date;
  /** The claimed jobs belong to the caller until `now + leaseMs`; after that another worker may take them. */
  leaseMs: number;
  /** At most this many jobs. */
  limit: number;
  /** Only these kinds (the ones the caller has a handler for): a runner never claims work it cannot do. */
  kinds: readonly JobKind[];
}

/**
 * A claimed job is identified by its id and its attempt number (`Job.attempts` as claimed): every claim
 * raises the attempt, so a worker whose lease was taken over can no longer finish the job (its
 * `complete`, `retry` and `fail` answer false and change nothing).
 */
export interface JobClaim {
  id: string;
  attempt: number;
}

/**
 * The durable job table (vendor retries and the webhook outbox), shared by every runner on one database.
 *
 * Claiming is one atomic statement: due jobs (`queued` with `runAt <= now`) and jobs whose lease expired
 * (`running` with `leaseUntil <= now`: their worker died) become `running` with a new lease and one more
 * attempt. SQLite does it as `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *` inside `BEGIN
 * IMMEDIATE` (one writer at a time, so two runners never get the same job). A PostgreSQL store does the
 * same with `UPDATE jobs SET … WHERE id IN (SELECT id FROM jobs WHERE … ORDER BY run_at LIMIT n FOR
 * UPDATE SKIP LOCKED) RETURNING *`, so that concurrent workers skip each other's rows instead of waiting,
 * and replaces `onEnqueued` by `LISTEN`/`NOTIFY`.
 */
export interface JobStore {
  /** Inserts a job in a transaction of its own; false when its `dedupeKey` exists already. */
  enqueue(job: NewJob, now: Date): Promise<boolean>;
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Marks a claimed job done. */
  complete(claim: JobClaim, now: Date): Promise<boolean>;
  /** Gives a claimed job back to the queue, to run again at `runAt`, with the failure's stable code. */
  retry(claim: JobClaim, runAt: Date, code: string): Promise<boolean>;
  /** Marks a claimed job failed for good. */
  fail(claim: JobClaim, now: Date, code: string): Promise<boolean>;
  get(id: string): Promise<Job | undefined>;
  findByDedupeKey(dedupeKey: string): Promise<Job | undefined>;
  /** Newest first, for tests and operators. */
  list(filter?: { status?: JobStatus; kind?: JobKind; limit?: number }): Promise<Job[]>;
  /** When the next job of these kinds becomes claimable (a due job or an expiring lease), if any. */
  nextDue(kinds: readonly JobKind[]): Promise<Date | undefined>;
  /**
   * Calls `listener` after a job was inserted on this store's connection (by `enqueue`, or by
   * `insertJob` inside another store's transaction), so that a runner in this process starts it at once
   * instead of at its next poll. Jobs inserted by other processes are found by polling.
   */
  onEnqueued(listener: () => void): () => void;
}
