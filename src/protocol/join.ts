import * as v from 'valibot';
import { JOIN_ROLES } from './ticket.js';
import { LANGUAGE_TAG, TEXT_DIRECTIONS } from './page-language.js';
import { ROOM_PHASES } from './visits.js';

/** Ids of appointments and rooms: opaque, URL-safe, bounded. */
export const IdSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(128),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'use letters, digits and . _ : - only'),
);

/**
 * `POST /v1/join`: exactly one of `appointment` or `room`; `role` defaults to the ticket's role. `lang` and `dir`
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

export type JoinRequest = v.InferOutput<typeof JoinRequestSchema>;

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

export const JoinResponseSchema = v.object({
  /** The one-time, short-lived join URL. It is a credential: never log or share it. */
  url: v.pipe(v.string(), v.url()),
  /** ISO 8601 instant after which the URL no longer opens the room. */
  expiresAt: Instant,
  provider: v.string(),
  roomId: v.string(),
  /** Origins the room may be framed from; the room element refuses any other. */
  allowedOrigins: v.array(v.string()),
  /** Extra iframe permissions this provider needs beyond the defaults (e.g. `geolocation`). */
  allow: v.array(v.string()),
  /**
   * The room page posts lifecycle messages (`ready`, `joined`, …) to the framing page, so its `ready` is the sign
   * that it loaded; otherwise only the frame's `load` is (which a vendor's error page fires too).
   */
  postsMessages: v.optional(v.boolean()),
  /**
   * The room's live phase for this caller when the link was minted, as the event stream would say it: the room
   * frames the link at once when it is `open` or `live`, and shows the waiting room when it is `waiting`, without
   * waiting for the stream. Absent when the provider could not be asked (the room then waits for the stream).
   */
  phase: v.optional(v.picklist(ROOM_PHASES)),
  /** The visit window (start, end, the server's clock, the clinician's name) for the waiting room. */
  visit: v.optional(JoinVisitSchema),
});

export type JoinResponse = v.InferOutput<typeof JoinResponseSchema>;
