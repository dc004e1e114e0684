/**
 * The durable job table (one per database): vendor-side work for bookings that must happen exactly once
 * (create, move, cancel a vendor appointment) and webhook deliveries (the outbox). A job is inserted in
 * the same transaction as the change that causes it, so that a crash can never lose it; a runner claims
 * due jobs with a lease, runs them, and retries them with backoff until they are done or fail for good.
 */
export type JobKind = 'vendor.create' | 'vendor.move' | 'vendor.cancel' | 'vendor.end' | 'webhook';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * What a job carries. Ids, times and stable codes only: never a patient's details, a ticket, a token or a
 * join URL (the payload is stored in clear and read back by operators).
 */
export type JobPayload = Record<string, string | number | boolean | null>;

export interface NewJob {
  /** Stable id; for webhooks it is the `webhook-id` the receiver dedupes on. Generated when absent. */
  id?: string;
  kind: JobKind;
  /**
   * At most one job per key, ever (e.g. `vendor.create:<appointmentId>`): inserting a second job with the
   * same key is a no-op, which makes enqueueing idempotent.
   */
  dedupeKey?: string;
  payload: JobPayload;
  runAt: Date;
}

export interface Job {
  id: string;
  kind: JobKind;
  dedupeKey: string | null;
  payload: JobPayload;
  status: JobStatus;
  /** Attempts started so far, this one included while it runs. */
  attempts: number;
  runAt: Date;
  leaseUntil: Date | null;
  /** A stable code of the last failure, never a message with data in it. */
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Thrown by a handler when retrying cannot help (the job is marked `failed` at once). */
export class PermanentJobError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'PermanentJobError';
  }
}

/**
 * Runs one claimed job. Resolve: done. Throw `PermanentJobError`: failed for good. Throw anything else:
 * retried with backoff (until the runner's attempt limit, then failed). Handlers must be idempotent on
 * their own (look before creating again): a job whose worker died is run again after its lease.
 */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<void>;

/** Called when a job failed for good (e.g. to mark an appointment `vendor-failed`). */
export type JobFailedHandler = (job: Job, code: string) => Promise<void>;

/** Events a portal receives by webhook (Standard Webhooks). Payloads carry ids and times only. */
export type WebhookEventType =
  | 'appointment.booked'
  | 'appointment.rescheduled'
  | 'appointment.cancelled'
  | 'appointment.vendor-failed'
  | 'visit.started'
  | 'visit.ended';
