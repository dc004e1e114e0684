import * as v from 'valibot';

/** The backend's CRUD `_id` (the doc writes `room_xyz`); it becomes a path segment, so keep it plain. */
const RoomIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/));

/** `POST /teleconsultation` -> 201 `{ roomId }`. */
export const CreatedSchema = v.object({ roomId: RoomIdSchema });

/** `GET /teleconsultation/{roomId}` -> `{ accessLinkURL, … }`; the rest of the answer is not needed. */
export const AccessLinkSchema = v.object({ accessLinkURL: v.pipe(v.string(), v.url()) });

/** Error bodies: `{ "error": "…" }` in the doc's examples, CRUD-style `{ statusCode, error, message }` otherwise. */
export const ErrorBodySchema = v.object({ error: v.optional(v.string()), message: v.optional(v.string()) });

export const KaleyraVendorDataSchema = v.object({ roomId: RoomIdSchema });
