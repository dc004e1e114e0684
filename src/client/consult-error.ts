import type { ErrorCode } from '../protocol/errors.js';

export interface ConsultErrorOptions {
  /** HTTP status of the response behind the error; 0 when there was none. */
  status?: number;
  /** The server's `detail`, for developers: never shown to the user (the code maps to a localized message). */
  detail?: string;
  /** Correlation id to quote when reporting a problem. */
  requestId?: string;
  /** A 422's field errors (`errors: [{ field, code }]`), to show each one at its field. */
  fields?: FieldError[];
  cause?: unknown;
}

export interface FieldError {
  /** The request body's field, e.g. `patient.email`. */
  field: string;
  code: string;
}

/** A failed call to the consult server (or its preparation), with the stable code the elements localize. */
export class ConsultError extends Error {
  readonly code: ErrorCode | (string & {});
  readonly status: number;
  readonly detail?: string;
  readonly requestId?: string;
  readonly fields?: FieldError[];

  constructor(code: ErrorCode | (string & {}), options: ConsultErrorOptions = {}) {
    super(options.detail ?? code, { cause: options.cause });
    this.name = 'ConsultError';
    this.code = code;
    this.status = options.status ?? 0;
    this.detail = options.detail;
    this.requestId = options.requestId;
    this.fields = options.fields;
  }
}

/** Anything thrown on the way, as a ConsultError; a foreign one is a bug here, reported as `internal`. */
export const toConsultError = (error: unknown): ConsultError =>
  error instanceof ConsultError ? error : new ConsultError('internal', { cause: error });
