import * as v from 'valibot';
import { IdSchema } from './join.js';
import { JOIN_ROLES } from './ticket.js';

/**
 * Someone who will join the room. The vendor gets what it needs (name, contact, language); this server
 * stores none of it. `subject` is the person's `sub` in the tickets their portal will sign, so that the
 * server can recognise them when they join; `issuer` when that portal is another than the caller's.
 */
export const RoomParticipantSchema = v.strictObject({
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  issuer: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
  role: v.picklist(JOIN_ROLES),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  email: v.optional(v.pipe(v.string(), v.maxLength(254), v.email())),
  phone: v.optional(v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +4930123456'))),
  language: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as de or en-GB')),
  ),
});

/** `POST /v1/rooms` (clinician or staff): the room of an appointment, created once. */
export const CreateRoomRequestSchema = v.strictObject({
  appointment: IdSchema,
  /** ISO 8601 start; defaults to now. */
  startsAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  durationMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(480))),
  /** Shown by some vendors to the clinician; never personal data. */
  title: v.optional(v.pipe(v.string(), v.maxLength(120))),
  /** Everyone who will join; required by vendors that must know participants up front (Kaleyra, Apizee). */
  participants: v.optional(v.pipe(v.array(RoomParticipantSchema), v.maxLength(10))),
});

export type CreateRoomRequest = v.InferOutput<typeof CreateRoomRequestSchema>;
export type RoomParticipant = v.InferOutput<typeof RoomParticipantSchema>;

export const RoomSchema = v.object({
  roomId: v.string(),
  appointment: v.string(),
  provider: v.string(),
  status: v.picklist(['open', 'ended', 'cancelled']),
  startsAt: v.pipe(v.string(), v.isoTimestamp()),
  durationMinutes: v.number(),
});

export type Room = v.InferOutput<typeof RoomSchema>;

/** `Idempotency-Key` header values: opaque, 8 to 128 URL-safe characters (a UUID fits). */
export const IdempotencyKeySchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,128}$/));

export const AuditQuerySchema = v.object({
  from: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  to: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number), v.minValue(1), v.maxValue(1000)),
  ),
});

export const AuditEventSchema = v.object({
  at: v.pipe(v.string(), v.isoTimestamp()),
  type: v.string(),
  actor: v.optional(v.string()),
  role: v.optional(v.string()),
  roomId: v.optional(v.string()),
  provider: v.optional(v.string()),
  reason: v.optional(v.string()),
  requestId: v.optional(v.string()),
  /** Refusals are counted: how many requests the row stands for (absent: one). */
  count: v.optional(v.number()),
  /** Pseudonymous source of counted refusals (keyed hash of the client address, or `other`). */
  source: v.optional(v.string()),
});

export const AuditResponseSchema = v.object({ events: v.array(AuditEventSchema) });
