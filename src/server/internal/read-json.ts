import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';

/**
 * Field errors without the received values: a wrong field may hold personal data (a name typed into
 * an id), and error bodies end up in browser consoles and proxy logs.
 */
export const fieldErrors = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((i) => ({
    path: v.getDotPath(i) ?? '',
    message:
      i.type === 'strict_object'
        ? 'unknown field'
        : /received/i.test(i.message)
          ? `expected ${i.expected ?? i.type}`
          : i.message,
  }));

/** Reads a JSON request body; a wrong media type or broken JSON is a 4xx problem, never a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ProblemError('unsupported-media-type', 'Send the body as application/json.');
  }
  try {
    return await request.json();
  } catch {
    throw new ProblemError('bad-request', 'The body is not valid JSON.');
  }
}

/** Reads a JSON request body and validates it; every failure is a 4xx problem, never a 500. */
export async function readJson<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<v.InferOutput<S>> {
  const data = await readJsonBody(request);
  const result = v.safeParse(schema, data);
  if (!result.success) {
    throw new ProblemError('bad-request', 'Some fields are wrong.', {
      errors: fieldErrors(result.issues),
    });
  }
  return result.output;
}
