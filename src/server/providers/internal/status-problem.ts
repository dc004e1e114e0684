import type { ServerErrorCode } from '../../../protocol/errors.js';
import { parseRetryAfter } from './retry-after.js';
import { VendorError } from './vendor-error.js';

/** How an adapter names a vendor refusal it understands (e.g. Kaleyra's 404 "not found on CRUD"). */
export interface MappedRefusal {
  code: ServerErrorCode;
  /** Shown to the caller: our words, never the vendor's body (it may echo personal data). */
  detail: string;
  /** Field-level problems: field names only, never the vendor's messages or the values. */
  errors?: { path: string; message: string }[];
}

/**
 * The default meaning of a vendor's non-2xx status. Redirects are refused (we never follow them: a
 * redirect could carry our bearer token or a patient's data to another host); 429 and 5xx say the
 * vendor is unavailable; any other 4xx is a refusal the vendor meant.
 */
export const problemForStatus = (
  vendor: string,
  status: number,
  headers: Headers,
  now: number,
  reason: string,
  mapped: MappedRefusal | undefined,
): VendorError => {
  if (mapped !== undefined) {
    const errors = mapped.errors === undefined ? {} : { errors: mapped.errors };
    return new VendorError(mapped.code, mapped.detail, status, { reason, ...errors });
  }
  if (status >= 300 && status < 400) {
    return new VendorError('vendor-bad-response', `${vendor} answered with a redirect`, status, { reason });
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
    return new VendorError('vendor-unavailable', `${vendor} is rate limiting us`, status, {
      reason,
      retryAfter,
    });
  }
  if (status >= 500) {
    return new VendorError('vendor-unavailable', `${vendor} is unavailable (HTTP ${status})`, status, {
      reason,
    });
  }
  if (status === 401 || status === 403) {
    return new VendorError('vendor-rejected', `${vendor} refused our credentials (HTTP ${status})`, status, {
      reason,
    });
  }
  if (status >= 400) {
    return new VendorError('vendor-rejected', `${vendor} rejected the request (HTTP ${status})`, status, {
      reason,
    });
  }
  return new VendorError('vendor-bad-response', `${vendor} answered with HTTP ${status}`, status, { reason });
};
