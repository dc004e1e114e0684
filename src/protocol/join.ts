import * as v from 'valibot';
import { JOIN_ROLES } from './ticket.js';
import { LANGUAGE_TAG, TEXT_DIRECTIONS } from './page-language.js';
import { ROOM_PHASES } from './visits.js';

/** The plain types the schemas below validate (the browser package ships those, without valibot). */
export type { JoinRequest, JoinResponse } from './join-types.js';

/** Ids of appointments and rooms: opaque, URL-safe, bounded. */
export const IdSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(128),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'use letters, digits and . _ : - only'),
);

/**
 * `POST /v1/join` (the `JoinRequest` type): exactly one of `appointment` or `room`; `role` defaults to the ticket's role. `lang` and `dir`
 * are the embedding page's language (BCP 47) and direction, for room pages that can follow them.
 */
export const JoinRequestSchema = v.pipe(
  v.strictObject({
    appointment: v.optional(IdSchema),
    room: v.optional(IdSchema),
    role: v.optional(v.picklist(JOIN_ROLES)),
    lang: v.optional(v.pipe(v.string(), v.maxLength(35), v.regex(LANGUAGE_TAG, 'a BCP 47 language tag'))),
    dir: v.optional(v.picklist(TEXT_DIRECTIONS)),
  }),
  v.check(
    (body) => (body.appointment === undefined) !== (body.room === undefined),
    'give exactly one of appointment or room',
  ),
);

const Instant = v.pipe(v.string(), v.isoTimestamp());

/** The `VisitInfo` of `GET /v1/visits/{appointment}`, for the caller's role. */
export const JoinVisitSchema = v.object({
  appointment: v.string(),
  roomId: v.string(),
  provider: v.string(),
  status: v.picklist(['scheduled', 'open', 'ended', 'cancelled']),
  startsAt: Instant,
  endsAt: Instant,
  joinAvailableFrom: Instant,
  serverTime: Instant,
  clinicianName: v.optional(v.string()),
});

/** The `JoinResponse` type. */
export const JoinResponseSchema = v.object({
  url: v.pipe(v.string(), v.url()),
  expiresAt: Instant,
  provider: v.string(),
  roomId: v.string(),
  allowedOrigins: v.array(v.string()),
  allow: v.array(v.string()),
  postsMessages: v.optional(v.boolean()),
  phase: v.optional(v.picklist(ROOM_PHASES)),
  visit: v.optional(JoinVisitSchema),
});
