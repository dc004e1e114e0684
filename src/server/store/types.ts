import type { JoinRole } from '../../protocol/ticket.js';
import type { StoredRoom } from '../providers/types.js';
import type { JobStore } from './job-types.js';
import type { ScheduleStore } from './schedule-types.js';
import type { BookingStore } from './booking-types.js';
import type { RateLimiter } from '../middleware/rate-limit.js';
import type { RoomPollShare } from './pg-room-polls.js';
import type { SandboxPresence } from '../providers/sandbox-presence.js';
import type { PgSubjectSlotsOptions, SharedSubjectSlots } from './pg-stream-slots.js';

/** A one-time join token as stored: only its SHA-256 hash, never the token. */
export interface JoinGrant {
  tokenHash: string;
  roomId: string;
  role: JoinRole;
  /** Pseudonymous participant id (hashed ticket subject). */
  participantId: string;
  expiresAt: Date;
  /** Origin of the page that asked for the link; the room page may be framed by it alone. */
  embedOrigin: string | null;
  /** When the room page redeemed it; its session counts from here. */
  usedAt?: Date;
}

export type AuditType =
  | 'ticket.accepted'
  | 'ticket.refused'
  | 'join.minted'
  | 'room.created'
  | 'room.cancelled'
  /** The clinician ended the visit for everyone (`POST /v1/visits/:appointment/end` or the sandbox room page). */
  | 'visit.ended'
  | 'rate.limited'
  /** Staff changed a clinician's schedule; `reason` is `<change>:<clinician id>` (e.g. `replaced:dr-weber`). */
  | 'schedule.changed';

/**
 * A security-relevant event. Pseudonymous by construction: `actor` is the keyed hash of the ticket
 * subject, `reason` a stable code. No names, emails, phone numbers, tokens or URLs ever go here.
 */
export interface AuditEvent {
  at: Date;
  type: AuditType;
  actor?: string;
  role?: string;
  roomId?: string;
  provider?: string;
  reason?: string;
  requestId?: string;
  /** Refusals are aggregated: how many requests this row stands for (absent: one). */
  count?: number;
  /** Pseudonymous source of aggregated refusals (keyed hash of the client address), never the address. */
  source?: string;
}

/**
 * Cutoffs of the retention job: each table keeps only what can still matter. Rows whose time is before
 * the cutoff go; replay entries and idempotency records go once expired (`now`).
 */
export interface PurgeCutoffs {
  now: Date;
  /** Rooms whose visit (start + duration) ended before this, once no join grant refers to them. */
  roomsEndedBefore: Date;
  /** Join grants used, or expired unused, before this. */
  grantsBefore: Date;
  /** Audit rows older than this (`audit.retentionDays`). */
  auditBefore: Date;
  /** Jobs that finished (done or failed for good) before this (`retention.jobDays`). */
  jobsFinishedBefore: Date;
  /** Booked patients' details (sealed) of appointments that ended before this (`appointments.patientDataDays`). */
  patientDataBefore: Date;
}

/** Rows removed per table by one purge. */
export type PurgeCounts = Record<string, number>;

/** Thrown by a commit when another request recorded the same ticket id first (a replay race). */
export class TicketReplayedError extends Error {
  constructor() {
    super('ticket id recorded by a concurrent request');
    this.name = 'TicketReplayedError';
  }
}

/** A stored response to replay for a repeated `Idempotency-Key`. */
export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
}

/**
 * Everything the routes need from the database. Async so that a PostgreSQL store fits the same shape;
 * the SQLite store answers synchronously underneath.
 */
export interface ConsultStore {
  /** The durable job table on the same database (vendor retries, webhook outbox). */
  readonly jobs: JobStore;
  /** Clinicians' opening hours and exceptions (booking). */
  readonly schedules: ScheduleStore;
  /**
   * Runs `fn` as one unit of work: the grant, replay and audit writes the store is asked for while `fn`
   * runs (in its async context) are committed together, once, when it resolves, and none of them when it
   * rejects. A room insert commits at once (the room must exist before a vendor is asked); reads see the
   * committed state. Rejects with `TicketReplayedError` when a concurrent request won a replay race.
   * A `ticket.accepted` event followed in the same unit by another event of the same request and actor
   * is not stored apart: the later event (`join.minted`, `room.created`) records the acceptance.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Deletes what the retention cutoffs no longer keep, then gives the freed space back to the file system. */
  purge(cutoffs: PurgeCutoffs): Promise<PurgeCounts>;
  findRoom(id: string): Promise<StoredRoom | undefined>;
  findRoomByAppointment(provider: string, appointment: string): Promise<StoredRoom | undefined>;
  /** Inserts a room; returns the existing one instead when the (provider, appointment) pair exists. */
  insertRoom(room: StoredRoom): Promise<StoredRoom>;
  setRoomStatus(id: string, status: StoredRoom['status']): Promise<void>;
  insertGrant(grant: JoinGrant): Promise<void>;
  /**
   * Marks an unused, unexpired grant as used and returns it, in one atomic step; `undefined` when the
   * token is unknown, used or expired. `sessionHash` binds the room page that consumed it.
   */
  consumeGrant(tokenHash: string, now: Date, sessionHash: string): Promise<JoinGrant | undefined>;
  /** A grant by its token, used or expired too (to tell a spent link from one that never existed). */
  findGrant(tokenHash: string): Promise<JoinGrant | undefined>;
  /** The grant whose room page holds this session, however old: the caller decides how long a session lives. */
  findSession(roomId: string, sessionHash: string): Promise<JoinGrant | undefined>;
  /** Records a ticket id; false when it was seen before (replay). Expired entries go with `purge`. */
  rememberTicketId(issuer: string, jti: string, expiresAt: Date, now: Date): Promise<boolean>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** Events with `from <= at < to`, oldest first, at most `limit`. */
  queryAudit(range: { from: Date; to: Date; limit: number }): Promise<AuditEvent[]>;
  findIdempotent(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined>;
  saveIdempotent(scope: string, key: string, record: IdempotencyRecord, expiresAt: Date): Promise<void>;
  /**
   * A cheap real write (one row, its own committed transaction): rejects while the database cannot be
   * written (disk full, read-only, locked), which a read would not notice.
   */
  checkWritable(now: Date): Promise<void>;
  close(): Promise<void>;
  /**
   * Rate-limit counters shared by every instance on this database (PostgreSQL); absent when each
   * process counts on its own (SQLite: one instance).
   */
  /**
   * Runs `fn` while holding a lock named `key` that every instance on this database respects (a
   * PostgreSQL advisory lock), so that work that must happen once (a vendor room's creation) happens
   * once across instances. Absent when one process is all there is (SQLite).
   */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
  sharedRateLimiter?(options: {
    limit: number;
    windowMs: number;
    now: () => number;
    secret: string;
  }): RateLimiter;
  /** Holds and appointments (booking), on the same database. */
  readonly bookings: BookingStore;
  /**
   * One live poll per room and interval across instances (a lease per room, states fanned out by
   * `NOTIFY`): PostgreSQL. Absent when one process is all there is (SQLite): it polls on its own.
   */
  readonly roomPolls?: RoomPollShare;
  /**
   * Open event streams per subject counted across instances (PostgreSQL); absent when each process counts
   * its own (SQLite: one instance).
   */
  sharedSubjectSlots?(options: PgSubjectSlotsOptions): SharedSubjectSlots;
  /** The sandbox's presence shared by every instance (PostgreSQL); absent: in memory (SQLite). */
  sandboxPresence?(now: () => number): SandboxPresence;
}
