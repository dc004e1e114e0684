import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../protocol/problem.js';
import { problemType } from '../../protocol/errors.js';
import { ProblemError } from '../problem-error.js';
import type { Logger } from '../logger.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  410: 'Gone',
  425: 'Too early',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** Renders a ProblemError as RFC 9457 problem+json. Never includes a stack, cause or internal reason. */
export function problemResponse(c: Context, error: ProblemError): Response {
  const body: Problem = {
    type: problemType(error.code),
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.detail,
    requestId: c.get('requestId') as string | undefined,
    errors: error.options.errors,
  };
  const headers: Record<string, string> = {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
  };
  if (error.options.retryAfter !== undefined) headers['Retry-After'] = String(error.options.retryAfter);
  if (error.options.allow !== undefined) headers.Allow = error.options.allow.join(', ');
  if (error.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="consult"';
  return c.body(JSON.stringify(body), error.status as 400, headers);
}

export const onError =
  (logger: Logger): ErrorHandler =>
  (error, c) => {
    if (error instanceof ProblemError) {
      if (error.status >= 500)
        logger.warn({ requestId: c.get('requestId'), code: error.code }, 'request failed');
      return problemResponse(c, error);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(c, new ProblemError('bad-request', 'The request could not be read.'));
    }
    // Unexpected: log the error with the correlation id, answer with the id only.
    logger.error({ requestId: c.get('requestId'), err: error }, 'unexpected error');
    return problemResponse(
      c,
      new ProblemError(
        'internal',
        'Something went wrong on our side. Quote the request id if you report it.',
      ),
    );
  };
