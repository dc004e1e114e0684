import * as v from 'valibot';

/** The backend's CRUD `_id` (the doc writes `room_xyz`); it becomes a path segment, so keep it plain. */
const RoomIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/));

/** `POST /teleconsultation` -> 201 `{ roomId }`. */
export const CreatedSchema = v.object({ roomId: RoomIdSchema });

/** `GET /teleconsultation/{roomId}` -> `{ accessLinkURL, … }`; the rest of the answer is not needed. */
export const AccessLinkSchema = v.object({ accessLinkURL: v.pipe(v.string(), v.url()) });

/** Error bodies: `{ "error": "…" }` in the doc's examples, CRUD-style `{ statusCode, error, message }` otherwise. */
export const ErrorBodySchema = v.object({ error: v.optional(v.string()), message: v.optional(v.string()) });

/**
 * `GET /teleconsultation/{roomId}` `details`: the room as stored on Kaleyra. `status` is required, `live`
 * read when present (see `room-state.ts` for what each is taken to mean).
 */
export const RoomDetailsSchema = v.object({
  details: v.object({
    status: v.pipe(v.string(), v.minLength(1)),
    live: v.optional(v.boolean()),
  }),
});

export type RoomDetails = v.InferOutput<typeof RoomDetailsSchema>['details'];

/**
 * What we keep per room: the backend's room id, the participant we ask for the room's details on behalf
 * of (the backend answers participants only), and the pseudonymous ids of everyone the room was created
 * with (to read a 401 for one of them as the backend's fault, not theirs). Rooms stored before live state
 * have no observer, rooms stored before the list have no `participants`.
 */
export const KaleyraVendorDataSchema = v.object({
  roomId: RoomIdSchema,
  observer: v.optional(v.object({ id: v.string(), role: v.picklist(['patient', 'clinician']) })),
  participants: v.optional(v.array(v.string())),
});
