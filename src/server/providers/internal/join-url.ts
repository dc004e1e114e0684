import { VendorError } from './vendor-error.js';

/**
 * Parses a join URL a vendor handed us and refuses it unless it is https on one of the origins configured
 * for that vendor. A vendor answer must never be able to point a patient's iframe somewhere else.
 */
export const checkJoinUrl = (vendor: string, value: string, allowedOrigins: readonly string[]): URL => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new VendorError(
      'vendor-bad-response',
      `${vendor} returned a join link that is not a URL`,
      undefined,
    );
  }
  if (
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    !allowedOrigins.includes(url.origin)
  ) {
    throw new VendorError(
      'vendor-bad-response',
      `${vendor} returned a join link outside its configured origins`,
      undefined,
      // The origin (not the URL: it is a credential) helps whoever fixes the configuration.
      { reason: `join link origin ${url.origin} not in allowedOrigins` },
    );
  }
  return url;
};
