import * as v from 'valibot';

/** RFC 9457 problem details, with our stable `code` extension member. */
export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  code: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{1,63}$/)),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  /** Correlation id of the request; quote it when reporting a problem. */
  requestId: v.optional(v.string()),
  /** For 400: which fields were wrong, by JSON path; `code` (where given) is stable, `message` is prose. */
  errors: v.optional(
    v.array(v.object({ path: v.string(), message: v.string(), code: v.optional(v.string()) })),
  ),
});

export type Problem = v.InferOutput<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
