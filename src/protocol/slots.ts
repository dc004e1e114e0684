import * as v from 'valibot';

/** `GET /v1/slots` query: a service, an optional range of starts (ISO 8601 instants), clinician, patient zone. */
export const SlotsQuerySchema = v.strictObject({
  service: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** First start to show; defaults to now. */
  from: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /** Starts before this; defaults to the service's horizon, at most 62 days after `from`. */
  to: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  clinician: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  /** The patient's IANA zone, echoed back for display; instants stay UTC. */
  tz: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
});

export { MAX_SLOT_RANGE_DAYS } from './slot-range.js';

export const SlotSchema = v.object({
  start: v.pipe(v.string(), v.isoTimestamp()),
  end: v.pipe(v.string(), v.isoTimestamp()),
  /** Who can take this start, with the capacity each has left. */
  clinicians: v.array(v.object({ id: v.string(), free: v.number() })),
});

export const SlotsResponseSchema = v.object({
  service: v.string(),
  /** The clinic's IANA zone (the zone of its opening hours). */
  zone: v.string(),
  /** The zone to show times in: the query's `tz`, else the clinic's. */
  tz: v.string(),
  from: v.pipe(v.string(), v.isoTimestamp()),
  to: v.pipe(v.string(), v.isoTimestamp()),
  durationMinutes: v.number(),
  clinicians: v.array(v.object({ id: v.string(), displayName: v.string() })),
  slots: v.array(SlotSchema),
});

export type SlotsQuery = v.InferOutput<typeof SlotsQuerySchema>;
export type SlotsResponse = v.InferOutput<typeof SlotsResponseSchema>;
