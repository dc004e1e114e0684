// RFC 9457 problem details as a plain type, without valibot (see join-types.ts); `problem.ts` has the schema.

/** RFC 9457 problem details, with our stable `code` extension member. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string | undefined;
  instance?: string | undefined;
  /** Correlation id of the request; quote it when reporting a problem. */
  requestId?: string | undefined;
  /** For 400: which fields were wrong, by JSON path; `code` (where given) is stable, `message` is prose. */
  errors?: { path: string; message: string; code?: string | undefined }[] | undefined;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
