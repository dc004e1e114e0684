import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

export interface TrustedProxy {
  header: 'x-forwarded-for' | 'x-real-ip' | 'forwarded';
  addresses: string[];
}

const normalize = (ip: string) => ip.replace(/^::ffff:/, '');

/** Last address in a forwarding header that is not one of our own proxies (the first untrusted hop). */
function fromHeader(value: string, header: TrustedProxy['header'], trusted: Set<string>): string | undefined {
  const hops =
    header === 'forwarded'
      ? [...value.matchAll(/for="?\[?([^\]";,]+)\]?"?/gi)].map((m) => m[1]!)
      : value.split(',').map((s) => s.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!);
    if (hop && !trusted.has(hop)) return hop;
  }
  return undefined;
}

/**
 * Sets `clientIp`. The socket peer is the client unless the peer is a configured proxy; only then is
 * the forwarding header read, so a spoofed `X-Forwarded-For` from anyone else changes nothing.
 */
export function clientIp(proxy?: TrustedProxy): MiddlewareHandler<AppEnv> {
  const trusted = new Set((proxy?.addresses ?? []).map(normalize));
  return async (c, next) => {
    const peer = normalize(c.env?.incoming?.socket?.remoteAddress ?? 'unknown');
    let ip = peer;
    if (proxy && trusted.has(peer)) {
      const value = c.req.header(proxy.header);
      ip = (value && fromHeader(value, proxy.header, trusted)) ?? peer;
    }
    c.set('clientIp', ip);
    await next();
  };
}
