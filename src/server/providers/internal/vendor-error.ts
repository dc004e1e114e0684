import type { ServerErrorCode } from '../../../protocol/errors.js';
import { ProblemError } from '../../problem-error.js';

/**
 * A ProblemError raised by the vendor plumbing. It remembers the vendor's HTTP status so that the token
 * layer can tell "our access token was refused" (401: log in again once) from any other refusal.
 */
export class VendorError extends ProblemError {
  constructor(
    code: ServerErrorCode,
    detail: string,
    readonly vendorStatus: number | undefined,
    options: ConstructorParameters<typeof ProblemError>[2] = {},
  ) {
    super(code, detail, options);
    this.name = 'VendorError';
  }
}

/** Codes that say "the vendor is not healthy" (as opposed to "the vendor said no"). */
const FAILURE_CODES: ReadonlySet<ServerErrorCode> = new Set([
  'vendor-unavailable',
  'vendor-timeout',
  'vendor-bad-response',
]);

export const isVendorFailure = (err: unknown): boolean =>
  err instanceof ProblemError && FAILURE_CODES.has(err.code);

export const isUnauthorized = (err: unknown): boolean =>
  err instanceof VendorError && err.vendorStatus === 401;
