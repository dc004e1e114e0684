import type { ExceptionInput, WeeklyRange } from '../booking/schedule-schema.js';

/** One exception of a schedule as stored: an id to address it by (`/v1/schedules/:id/exceptions/:exceptionId`). */
export type ScheduleException = ExceptionInput & { id: string };

/**
 * A clinician's weekly opening hours and exceptions, addressed by the clinician's id (one schedule each).
 * `origin` says who wrote it last: `config` (seeded from the configuration file, which keeps it in step
 * at every start) or `staff` (changed through `/v1/schedules`: the configuration no longer touches it).
 */
export interface Schedule {
  clinicianId: string;
  zone: string;
  weekly: WeeklyRange[];
  exceptions: ScheduleException[];
  origin: 'config' | 'staff';
  /** Raised on every change (the `ETag` of `/v1/schedules/:id`). */
  version: number;
  updatedAt: Date;
}

export type ScheduleWrite = Pick<Schedule, 'clinicianId' | 'zone' | 'weekly'> & {
  exceptions: ExceptionInput[];
};

/** What a seed did to each configured schedule. */
export type SeedOutcome = 'inserted' | 'updated' | 'unchanged' | 'kept-staff' | 'kept-deleted';

/**
 * Schedules in the database. Async so that a PostgreSQL store fits the same shape. Writes commit at once
 * (not in a request's unit of work): a schedule change is its own transaction. Version checks
 * (`ifVersion`) are atomic: a write whose version no longer matches changes nothing and returns `'stale'`.
 */
export interface ScheduleStore {
  list(): Promise<Schedule[]>;
  get(clinicianId: string): Promise<Schedule | undefined>;
  /** Creates a schedule (`origin: staff`); `'exists'` when the clinician has one (a deleted one is replaced). */
  create(schedule: ScheduleWrite, now: Date): Promise<Schedule | 'exists'>;
  /** Replaces zone, weekly hours and exceptions (`origin: staff`). */
  replace(schedule: ScheduleWrite, now: Date, ifVersion?: number): Promise<Schedule | 'stale' | undefined>;
  /** Deletes it; the configuration does not bring it back (see `seed`). */
  remove(clinicianId: string, now: Date, ifVersion?: number): Promise<boolean | 'stale'>;
  addException(
    clinicianId: string,
    exception: ExceptionInput,
    now: Date,
    ifVersion?: number,
  ): Promise<{ schedule: Schedule; exception: ScheduleException } | 'stale' | undefined>;
  removeException(
    clinicianId: string,
    exceptionId: string,
    now: Date,
    ifVersion?: number,
  ): Promise<Schedule | 'stale' | undefined>;
  /**
   * The configuration file is the seed: a clinician without a row gets the configured schedule; a row the
   * configuration wrote (`origin: config`) follows the file; a row staff changed or deleted is kept.
   */
  seed(schedules: readonly ScheduleWrite[], now: Date): Promise<Record<string, SeedOutcome>>;
}
