import * as v from 'valibot';

/** RFC 9457 problem details, with our stable `code` extension member (the `Problem` type). */
export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  code: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{1,63}$/)),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  requestId: v.optional(v.string()),
  errors: v.optional(
    v.array(v.object({ path: v.string(), message: v.string(), code: v.optional(v.string()) })),
  ),
});

export { PROBLEM_CONTENT_TYPE, type Problem } from './problem-types.js';
