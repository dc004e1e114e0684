/** Longest wait we pass on to callers; a vendor asking for more is treated as asking for this. */
const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * Seconds to wait from a `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), clamped
 * to [1, 3600]; undefined when the header is absent or unreadable.
 */
export const parseRetryAfter = (header: string | null, now: number): number | undefined => {
  if (header === null) return undefined;
  const value = header.trim();
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - now) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
};
