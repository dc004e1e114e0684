// Plain http is only tolerable where nothing crosses a network: local development and the demo.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `value` as a URL if it is safe to send credentials to or to frame: absolute, `https:` (or `http:` on a
 * loopback host), no user info. Anything else (`javascript:`, `data:`, relative, plain http) is undefined.
 */
export const parseSecureUrl = (value: string): URL | undefined => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  return secure && url.username === '' && url.password === '' ? url : undefined;
};

/** The origin of `value` when a page may frame it: a secure URL whose origin is exactly one of `allowedOrigins`. */
export const frameableOrigin = (value: string, allowedOrigins: readonly string[]): string | undefined => {
  const origin = parseSecureUrl(value)?.origin;
  return origin !== undefined && allowedOrigins.includes(origin) ? origin : undefined;
};
