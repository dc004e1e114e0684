import { randomBytes } from 'node:crypto';

/** Security headers for an HTML page this server serves (OWASP HTTP headers cheat sheet). */
export function pageHeaders(options: {
  nonce: string;
  /** Origins allowed to frame the page; none means it may not be framed. */
  frameAncestors?: readonly string[];
  /** Extra CSP directives, e.g. `media-src`. */
  extra?: string[];
}): Record<string, string> {
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'";
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${options.nonce}' 'self'`,
    `style-src 'nonce-${options.nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
    ...(options.extra ?? []),
  ].join('; ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export const newNonce = (): string => randomBytes(16).toString('base64');
