import type { OccupancyReader } from '../booking/types.js';
import type { NewJob } from '../jobs/types.js';

/**
 * The booking store: holds, appointments and the capacity they take. Every command is one atomic
 * transaction; double booking is made impossible by a database constraint, not by the order of checks
 * (see sqlite-booking.ts and docs/booking.md). Async so that a PostgreSQL store fits the same shape.
 */

/** `pending`: the vendor side is not created yet; `booked`: it is; `vendor-failed`: it never will be. */
export type AppointmentStatus = 'pending' | 'booked' | 'vendor-failed' | 'cancelled';

/** What a patient typed. Stored sealed (AES-256-GCM), never logged, purged after the visit. */
export interface PatientDetails {
  name: string;
  email?: string;
  phone?: string;
  /** `YYYY-MM-DD`, only where the service asks for it. */
  dateOfBirth?: string;
}

export interface HoldRecord {
  id: string;
  serviceId: string;
  clinicianId: string;
  start: Date;
  end: Date;
  expiresAt: Date;
  /** Pseudonymous caller: `t:<actor>` for a ticket, `s:<hash of the booking session>` for anonymous ones. */
  holder: string;
}

export interface NewHold {
  id: string;
  serviceId: string;
  start: Date;
  end: Date;
  /** End plus the service's buffer: what the hold keeps from the next booking. */
  blockedUntil: Date;
  /** Clinicians that could take it, in order of preference; the first with a free seat gets it. */
  clinicianIds: readonly string[];
  /** Seats per clinician and slot (the service's capacity). */
  capacity: number;
  expiresAt: Date;
  /** SHA-256 of the hold secret. */
  secretHash: string;
  holder: string;
  /** Pseudonymous client address (keyed hash), for the per-address cap. */
  source: string;
  maxPerSource: number;
}

export interface AppointmentRecord {
  id: string;
  serviceId: string;
  clinicianId: string;
  provider: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  /** Stable code of the last vendor failure (never a message with data in it). */
  statusReason: string | null;
  /** Raised on every change of time or status that a calendar must follow. */
  sequence: number;
  /** The `appointment` key of the appointment's room (changes when a move recreates the vendor side). */
  roomKey: string;
  holder: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What `book` and `reschedule` store for their `Idempotency-Key`, in the same transaction. */
export interface IdempotentAnswer {
  scope: string;
  key: string;
  fingerprint: string;
  expiresAt: Date;
  /** Builds the answer from the committed appointment (replayed verbatim later; stored sealed). */
  respond(appointment: AppointmentRecord): { status: number; body: unknown };
}

export type IdempotencyState =
  | { state: 'new' }
  | { state: 'in-flight' }
  | { state: 'mismatch' }
  | { state: 'done'; status: number; body: unknown };

export interface BookInput {
  holdId: string;
  secretHash: string;
  appointment: {
    id: string;
    provider: string;
    /** SHA-256 of the capability token. */
    tokenHash: string;
    patient: PatientDetails;
  };
  /** Inserted in the same transaction (vendor.create, webhook); `{appointment}` is filled in by the caller. */
  jobs: NewJob[];
  answer: IdempotentAnswer;
}

export interface RescheduleInput {
  appointmentId: string;
  holdId: string;
  secretHash: string;
  jobs: (appointment: AppointmentRecord, previous: AppointmentRecord) => NewJob[];
  answer: IdempotentAnswer;
}

/** A refusal the store decides inside its transaction; the routes turn it into problem+json. */
export type BookingErrorCode =
  | 'slot-taken'
  | 'hold-limit'
  | 'hold-not-found'
  | 'hold-expired'
  | 'appointment-not-found'
  | 'appointment-cancelled';

export class BookingError extends Error {
  constructor(readonly code: BookingErrorCode) {
    super(code);
    this.name = 'BookingError';
  }
}

export interface BookingStore extends OccupancyReader {
  /**
   * Takes capacity for a hold. Releases expired holds and the holder's previous live hold first (one
   * live hold per caller). Throws `BookingError` `hold-limit` or `slot-taken`.
   */
  createHold(hold: NewHold, now: Date): Promise<HoldRecord>;
  /** Releases a live hold; false when there is none with this id and secret. */
  releaseHold(id: string, secretHash: string, now: Date): Promise<boolean>;
  /** A hold by id and secret: throws `hold-not-found` / `hold-expired`. */
  findHold(id: string, secretHash: string, now: Date): Promise<HoldRecord>;
  /** Consumes the hold and books (capacity moved, jobs and idempotency answer written) in one transaction. */
  book(input: BookInput, now: Date): Promise<AppointmentRecord>;
  /** Moves an appointment to a new hold's capacity in one transaction (sequence raised, status `pending`). */
  reschedule(input: RescheduleInput, now: Date): Promise<AppointmentRecord>;
  /** Cancels (capacity freed, sequence raised) with `jobs` in one transaction; idempotent. */
  cancel(
    id: string,
    jobs: (appointment: AppointmentRecord) => NewJob[],
    now: Date,
  ): Promise<AppointmentRecord>;
  findAppointment(id: string): Promise<AppointmentRecord | undefined>;
  /** The appointment a capability token is for (by its hash). */
  findByToken(tokenHash: string): Promise<AppointmentRecord | undefined>;
  /** The patient's details, unsealed; `undefined` once purged. */
  patientDetails(id: string): Promise<PatientDetails | undefined>;
  /**
   * Sets the vendor outcome of a `pending` appointment still at `sequence` (a move in between makes it a
   * no-op), with `jobs` in the same transaction. Returns whether it changed.
   */
  settleVendor(
    id: string,
    sequence: number,
    outcome: { status: 'booked' | 'vendor-failed'; reason?: string; jobs?: NewJob[] },
    now: Date,
  ): Promise<boolean>;
  /**
   * Claims an `Idempotency-Key` for a request: `new` (claimed until `leaseUntil`, then another request
   * may take it over), `in-flight`, `mismatch` (another body) or `done` with the stored answer.
   */
  beginIdempotent(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<IdempotencyState>;
  /** Gives up a claim that did not produce an answer (the request failed), so that a retry runs. */
  abandonIdempotent(scope: string, key: string): Promise<void>;
}
