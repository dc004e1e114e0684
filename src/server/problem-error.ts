import { SERVER_ERRORS, type ServerErrorCode } from '../protocol/errors.js';

/**
 * An expected failure that becomes a problem+json response with a stable `code`. `detail` is shown to
 * the caller: it must never contain secrets, tokens, join URLs or personal data.
 */
export class ProblemError extends Error {
  readonly status: number;

  constructor(
    readonly code: ServerErrorCode,
    readonly detail?: string,
    readonly options: {
      /** Seconds, for 429 and 503 responses. */
      retryAfter?: number;
      /** Methods the path answers, for 405 (the `Allow` header). */
      allow?: readonly string[];
      /** Field errors for 400. */
      errors?: { path: string; message: string; code?: string }[];
      /** Internal reason for logs and audit (never sent to the caller). */
      reason?: string;
      cause?: unknown;
    } = {},
  ) {
    super(detail ?? code, { cause: options.cause });
    this.name = 'ProblemError';
    this.status = SERVER_ERRORS[code];
  }
}
