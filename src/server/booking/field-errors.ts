import * as v from 'valibot';
import { fieldErrors } from '../internal/read-json.js';
import { ProblemError } from '../problem-error.js';
import { DATE_MESSAGE, ZONE_MESSAGE, type ScheduleProblem } from './schedule-schema.js';

/** A wrong field: where (dot path), a stable code a page can branch on, and prose for people. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

const VALIDATION_CODES: Record<string, string> = {
  regex: 'invalid-format',
  min_length: 'too-short',
  max_length: 'too-long',
  min_value: 'out-of-range',
  max_value: 'out-of-range',
  integer: 'not-an-integer',
  iso_timestamp: 'invalid-format',
};
const CHECK_CODES: Record<string, string> = {
  [ZONE_MESSAGE]: 'unknown-zone',
  [DATE_MESSAGE]: 'invalid-date',
};

/** The stable code of a valibot issue (valibot's own types, renamed so that they stay ours). */
function issueCode(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.input !== undefined) return 'unknown-field';
  if (issue.kind === 'schema') {
    if (issue.input === undefined) return 'required';
    return issue.type === 'picklist' ? 'invalid-value' : 'invalid-type';
  }
  if (issue.type === 'check') return CHECK_CODES[issue.message] ?? 'invalid-value';
  return VALIDATION_CODES[issue.type] ?? 'invalid-value';
}

/** Field errors of a failed parse, each with its code (and, like every field error here, no input value). */
export const codedFieldErrors = (issues: readonly v.BaseIssue<unknown>[]): FieldError[] => {
  const plain = fieldErrors(issues);
  return issues.map((issue, i) => {
    const code = issueCode(issue);
    return { ...plain[i]!, code, ...(code === 'required' && { message: 'required' }) };
  });
};

/** Parses `input` with `schema` or throws a 400 `bad-request` naming every wrong field. */
export function parseOrProblem<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  detail = 'Some fields are wrong.',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw new ProblemError('bad-request', detail, { errors: codedFieldErrors(result.issues) });
  }
  return result.output;
}

/** A 400 for cross-field problems (`path` prefixed with `prefix`). */
export function problemsError(problems: readonly ScheduleProblem[] | readonly FieldError[], prefix = '') {
  return new ProblemError('bad-request', 'Some fields are wrong.', {
    errors: problems.map((p) => ({ ...p, path: [prefix, p.path].filter(Boolean).join('.') })),
  });
}
