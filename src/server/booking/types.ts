/**
 * The booking model shared by scheduling (services, schedules, slots) and booking (holds, appointments).
 * Times are `Date` (UTC instants) everywhere in code; local wall-clock times appear only in schedules,
 * together with their IANA zone, and are turned into instants by the slot engine (luxon).
 */

/** Which patients a service takes. */
export type PatientKind = 'new' | 'returning' | 'any';

/** A visit type, e.g. "dermatology video visit, returning patients". From the configuration file. */
export interface Service {
  id: string;
  /** Shown to patients (e.g. in the calendar file's summary). Not a secret, not patient data. */
  title: string;
  durationMinutes: number;
  /** Kept free after each visit (and not bookable by the next one). */
  bufferMinutes: number;
  /** Distance between offered starts. */
  slotStepMinutes: number;
  /** Patients per clinician per slot (1: one-to-one visits). */
  capacity: number;
  /** No slot starts sooner than this after now. */
  minLeadMinutes: number;
  /** No slot starts later than this many days after now (default 30). */
  horizonDays: number;
  /** Cancel and reschedule online are refused this close to the start (409 `cancel-window-closed`). */
  changeCutoffMinutes: number;
  /** Clinician ids (see `Clinician.id`) who offer it. */
  clinicians: string[];
  /** Provider that creates the vendor side (defaults to the server's `provider`). */
  provider: string;
  /** `public`: anyone may see slots and book (anonymous booking session); `ticket`: a patient ticket is needed. */
  access: 'public' | 'ticket';
  patients: PatientKind;
  /** Whether booking asks the patient's date of birth. */
  asksDateOfBirth: boolean;
}

/**
 * Until when a patient may cancel or move a visit starting at `start` online: the service's cut-off before it
 * (none for an unknown service). After it, 409 `cancel-window-closed`; the hold says so before booking.
 */
export const changeableUntil = (
  start: Date,
  service: Pick<Service, 'changeCutoffMinutes'> | undefined,
): Date => new Date(start.getTime() - (service?.changeCutoffMinutes ?? 0) * 60_000);

/** A clinician that schedules belong to. `subject` is the `sub` of that clinician's tickets. */
export interface Clinician {
  id: string;
  /** Display name shown to patients; never logged. */
  displayName: string;
  subject: string;
  /**
   * Work e-mail, handed to the video vendor with the room's participants where it maps clinicians to its
   * own users by e-mail (Auvious `agents`, webcamconsult `users`). Never logged.
   */
  email?: string;
}

/** One bookable start: a UTC instant and the clinicians free at it (with capacity left). */
export interface Slot {
  start: Date;
  end: Date;
  /** Clinicians that can take this start, with the capacity each has left (> 0). */
  clinicians: { id: string; free: number }[];
}

/**
 * Time a clinician is taken, as the slot engine must subtract it: live holds and booked (not cancelled)
 * appointments, with their buffer, each taking `units` of the clinician's capacity.
 */
export interface Occupied {
  clinicianId: string;
  start: Date;
  end: Date;
  units: number;
}

/** Reads what is taken; implemented by the booking store, read by the slot engine. */
export interface OccupancyReader {
  occupied(clinicianIds: readonly string[], from: Date, to: Date, now: Date): Promise<Occupied[]>;
}

/**
 * Answers whether `start` is a slot that `service` offers now (schedule, exceptions, lead time, horizon,
 * step), and which clinicians could take it, ignoring occupancy: the booking store's constraint decides
 * who gets the capacity. Implemented by the slot engine, called by holds and reschedules.
 */
export interface SlotOracle {
  offered(
    service: Service,
    start: Date,
    now: Date,
    clinicianId?: string,
  ): Promise<{ end: Date; clinicianIds: string[] } | undefined>;
}

/** What a calendar file (RFC 5545) shows of an appointment: no patient details, never a join URL. */
export interface CalendarEntry {
  /** Stable across changes (`UID`). */
  uid: string;
  /** Raised on every change (`SEQUENCE`). */
  sequence: number;
  /** A cancelled appointment: `STATUS:CANCELLED`, no alarm (the `METHOD` follows from it and the organizer). */
  cancelled: boolean;
  start: Date;
  end: Date;
  /** e.g. "Video visit: Dermatology", in the patient's language. */
  summary: string;
  /** How to join (or the clinic's own text); the visit page is added after it. */
  description?: string;
  /** The hospital's visit page for this appointment (config `visitPageUrl`), never a join URL. */
  url?: string;
  organizerName?: string;
  /**
   * The clinic's address for `ORGANIZER` (a calendar address is an email): without it the file has no
   * `ORGANIZER` and `organizerName` is not written.
   */
  organizerEmail?: string;
  /** Reminder alarm this many minutes before the start. */
  alarmMinutesBefore: number;
  /** The reminder's text, in the patient's language. */
  alarmText: string;
  /** Last change, for `DTSTAMP`/`LAST-MODIFIED`. */
  updatedAt: Date;
}
