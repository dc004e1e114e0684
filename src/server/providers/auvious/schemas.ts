import * as v from 'valibot';
import { DurationSchema, InstantSchema } from './formats.js';

/** Appointment and user ids: UUIDs in the doc; they become path segments and body fields, so keep them plain. */
export const AuviousIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/));

/** The metadata key that marks an appointment as ours: its value is our room id. */
export const ROOM_MARK = 'consultRoomId';

/**
 * `GetAppointmentResponse`, as far as we read it. `metadata` values are free-form in the doc
 * (`{"prop1": {}}`), so they stay `unknown` and our mark is compared by exact string.
 */
export const AppointmentSchema = v.object({
  id: AuviousIdSchema,
  start: InstantSchema,
  duration: DurationSchema,
  end: v.optional(InstantSchema),
  metadata: v.nullish(v.record(v.string(), v.unknown())),
  interaction: v.nullish(v.object({ state: v.nullish(v.string()) })),
  // Compared, never put in a path: any non-empty id will do.
  participantIds: v.nullish(
    v.array(v.object({ id: v.pipe(v.string(), v.minLength(1)), type: v.pipe(v.string(), v.minLength(1)) })),
  ),
});

export type Appointment = v.InferOutput<typeof AppointmentSchema>;

/** `FindAppointmentsResponsePaged`: `content` plus the paging fields we need to know we saw everything. */
export const AppointmentPageSchema = v.object({
  content: v.array(AppointmentSchema),
  total: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  pageCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** `AppointmentOverlapResponse`. */
export const OverlapSchema = v.object({ count: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** `AppointmentActivationResponse`: the ticket. `url` is a credential: never logged or stored. */
export const ActivationSchema = v.object({
  url: v.pipe(v.string(), v.url()),
  expires: InstantSchema,
  type: v.optional(v.string()),
});

/** An OAuth 2 token answer (RFC 6749 §5.1); `expires_in` in seconds. */
export const TokenAnswerSchema = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.optional(v.pipe(v.number(), v.minValue(1))),
});

/** What we keep per room: the appointment, the agent (clinician) it is assigned to, its locale. */
export const AuviousVendorDataSchema = v.object({
  appointmentId: AuviousIdSchema,
  agentUserId: v.optional(AuviousIdSchema),
  /** Sent again with a reschedule (the doc's reschedule body has it). */
  locale: v.optional(v.string()),
});

export type AuviousVendorData = v.InferOutput<typeof AuviousVendorDataSchema>;
