/** What every video room needs. */
const BASE_FEATURES = ['camera', 'microphone', 'display-capture', 'fullscreen', 'autoplay'];

/**
 * Permission-policy features a provider may add on top. The list comes from the server, so anything outside
 * this short list (or with an allowlist or `;` smuggled in) is dropped rather than handed to the frame.
 */
const EXTRA_FEATURES = new Set([
  'clipboard-read',
  'clipboard-write',
  'compute-pressure',
  'encrypted-media',
  'geolocation',
  'picture-in-picture',
  'screen-wake-lock',
  'speaker-selection',
  'web-share',
]);

/** The iframe `allow` attribute for a room: the base features plus the known extras, each once. */
export const iframeAllow = (extras: readonly string[] = []): string =>
  [...new Set([...BASE_FEATURES, ...extras.filter((feature) => EXTRA_FEATURES.has(feature))])].join('; ');
