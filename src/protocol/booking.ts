import * as v from 'valibot';
import { IdSchema } from './join.js';

/**
 * The booking wire contract: holds and appointments. Instants travel as UTC ISO 8601 strings. The hold
 * secret, the booking session and the appointment's capability token are credentials: they travel in
 * bodies and headers only, never in a URL.
 */

const Instant = v.pipe(v.string(), v.isoTimestamp());

export const HoldRequestSchema = v.strictObject({
  service: IdSchema,
  start: Instant,
  clinician: v.optional(IdSchema),
});

export const HoldResponseSchema = v.object({
  holdId: v.string(),
  /** Only the holder has it: booking and releasing need it. */
  holdSecret: v.string(),
  expiresAt: Instant,
  start: Instant,
  end: Instant,
  clinician: v.string(),
  /**
   * Until when the visit, once booked, can be cancelled or moved online (the service's cut-off before its
   * start). A time already past it can still be booked: say so before the patient books.
   */
  changeableUntil: Instant,
  /**
   * The anonymous booking session (public services without a ticket): send it back as `Booking-Session`
   * with the next hold and the booking, so that the caller keeps one live hold. Never a cookie.
   */
  session: v.optional(v.string()),
});

/** `YYYY-MM-DD`, a real date in the past. */
const DateOfBirth = v.pipe(
  v.string(),
  v.isoDate('a date like 1970-01-31'),
  v.check((d) => Date.parse(`${d}T00:00:00Z`) < Date.now(), 'must be in the past'),
);

/** What a patient types. Never logged; stored sealed; purged after the visit. */
export const PatientDetailsSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(200)),
    email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254), v.email('an email address'))),
    phone: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.regex(/^\+[1-9][0-9 ()-]{5,22}$/, 'an international number like +49 30 1234567'),
      ),
    ),
    dateOfBirth: v.optional(DateOfBirth),
  }),
  v.forward(
    v.check((p) => p.email !== undefined || p.phone !== undefined, 'give an email address or a phone number'),
    ['email'],
  ),
);

export const AppointmentRequestSchema = v.strictObject({
  holdId: IdSchema,
  holdSecret: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  patient: PatientDetailsSchema,
});

export const RescheduleRequestSchema = v.strictObject({
  holdId: IdSchema,
  holdSecret: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
});

export const HoldReleaseSchema = v.strictObject({
  holdSecret: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
});

export const APPOINTMENT_STATUSES = ['pending', 'booked', 'vendor-failed', 'cancelled'] as const;

/** An appointment as the API shows it: ids and times, never the patient's details. */
export const AppointmentSchema = v.object({
  id: v.string(),
  service: v.string(),
  clinician: v.string(),
  provider: v.string(),
  start: Instant,
  end: Instant,
  /** `pending`: the video room is being created; `booked`: ready; `vendor-failed`: it could not be. */
  status: v.picklist(APPOINTMENT_STATUSES),
  /** Raised on every change (the calendar file's `SEQUENCE`). */
  sequence: v.number(),
  /** The last day on which cancel and reschedule are possible online ends here. */
  changeableUntil: Instant,
  /** From when the patient can join the visit (`joinWindow.patientMinutesBefore` before its start). */
  joinAvailableFrom: Instant,
});

export const AppointmentCreatedSchema = v.object({
  appointment: AppointmentSchema,
  /**
   * The appointment's capability token: enough to read, join, cancel, reschedule it and fetch its
   * calendar file, nothing else. Send as `Authorization: Bearer <token>`; never put it in a URL.
   */
  token: v.string(),
});

export type HoldRequest = v.InferOutput<typeof HoldRequestSchema>;
export type HoldResponse = v.InferOutput<typeof HoldResponseSchema>;
export type AppointmentView = v.InferOutput<typeof AppointmentSchema>;
export type AppointmentCreated = v.InferOutput<typeof AppointmentCreatedSchema>;
