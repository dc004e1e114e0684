import { readFile } from 'node:fs/promises';
import { jwtExpiry } from '../internal/jwt-expiry.js';
import { SHARED_WORK, type Plumbing } from '../internal/plumbing.js';
import { TokenCache, withToken } from '../internal/token-cache.js';
import { VendorError } from '../internal/vendor-error.js';
import { createVendorHttp } from '../internal/vendor-http.js';
import type { AuviousOptions } from './options.js';
import { TokenAnswerSchema } from './schemas.js';

/** Runs one vendor call with a bearer token; how the token is had depends on the configuration. */
export type WithBearer = <T>(signal: AbortSignal, call: (token: string) => Promise<T>) => Promise<T>;

/** A token file without a readable `exp` is read again after this long (rotation without `exp`). */
const FILE_RECHECK_MS = 60_000;
/** A token answer with neither `expires_in` nor a JWT `exp`: assume this (and a 401 renews it early). */
const FALLBACK_TOKEN_TTL_MS = 300_000;

const VENDOR = 'auvious';

/** The client credentials grant against `tokenUrl`, single-flight, through the vendor's own breaker. */
const clientCredentials = (
  options: AuviousOptions & { tokenUrl: string; clientId: string; clientSecret: string },
  plumbing: Plumbing,
): TokenCache => {
  const http = createVendorHttp({
    vendor: VENDOR,
    baseUrl: options.tokenUrl,
    timeoutMs: options.timeoutMs,
    getRetries: 0,
    retryBaseDelayMs: options.retryBaseDelayMs,
    breaker: plumbing.breaker,
    deps: plumbing.deps,
  });
  const { now } = plumbing.deps;
  return new TokenCache({
    now,
    refreshMarginMs: options.tokenRefreshMarginMs,
    login: async () => {
      const basic = Buffer.from(
        `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
      ).toString('base64');
      const answer = await http.json(
        {
          method: 'POST',
          // The configured URL itself; the template keeps it out of error reasons all the same.
          path: { path: '', template: '{tokenUrl}' },
          form: {
            grant_type: 'client_credentials',
            ...(options.scope === undefined ? {} : { scope: options.scope }),
            ...(options.clientAuth === 'body'
              ? { client_id: options.clientId, client_secret: options.clientSecret }
              : {}),
          },
          headers: options.clientAuth === 'basic' ? { authorization: `Basic ${basic}` } : {},
          signal: SHARED_WORK,
          mapError: (status) =>
            status === 400 || status === 401 || status === 403
              ? { code: 'vendor-rejected', detail: `${VENDOR} refused our client credentials` }
              : undefined,
        },
        TokenAnswerSchema,
      );
      const expiresAt =
        answer.expires_in === undefined
          ? (jwtExpiry(answer.access_token) ?? now() + FALLBACK_TOKEN_TTL_MS)
          : now() + answer.expires_in * 1000;
      return { value: answer.access_token, expiresAt };
    },
  });
};

/** The token file, read again when the token nears its `exp`, after a 401, or every minute without `exp`. */
const tokenFile = (path: string, options: AuviousOptions, plumbing: Plumbing): TokenCache =>
  new TokenCache({
    now: plumbing.deps.now,
    refreshMarginMs: options.tokenRefreshMarginMs,
    login: async () => {
      let value: string;
      try {
        value = (await readFile(path, 'utf8')).trim();
      } catch {
        // Not the path's content, and not the error text (it quotes the path): the operator knows it.
        throw new VendorError('vendor-rejected', `${VENDOR} access token file cannot be read`, undefined, {
          reason: 'accessTokenFile unreadable',
        });
      }
      if (value === '') {
        throw new VendorError('vendor-rejected', `${VENDOR} access token file is empty`, undefined, {
          reason: 'accessTokenFile empty',
        });
      }
      const exp = jwtExpiry(value);
      const recheck = plumbing.deps.now() + options.tokenRefreshMarginMs + FILE_RECHECK_MS;
      return { value, expiresAt: exp === undefined ? recheck : exp };
    },
  });

/**
 * The bearer for every API call, in one of three configured ways (see the adapter header). With a cache
 * (file, client credentials) a 401 renews the token once and repeats the call; a configured token's 401
 * is final.
 */
export const bearerFor = (options: AuviousOptions, plumbing: Plumbing): WithBearer => {
  const { tokenUrl, clientId, clientSecret, accessTokenFile, accessToken } = options;
  let cache: TokenCache | undefined;
  if (tokenUrl !== undefined && clientId !== undefined && clientSecret !== undefined) {
    cache = clientCredentials({ ...options, tokenUrl, clientId, clientSecret }, plumbing);
  } else if (accessTokenFile !== undefined) {
    cache = tokenFile(accessTokenFile, options, plumbing);
  }
  if (cache !== undefined) {
    const tokens = cache;
    return (signal, call) => withToken(tokens, signal, call);
  }
  const fixed = accessToken ?? '';
  return async (signal, call) => {
    signal.throwIfAborted();
    try {
      return await call(fixed);
    } catch (err) {
      if (err instanceof VendorError && err.vendorStatus === 401) {
        throw new VendorError('vendor-rejected', `${VENDOR} refused the configured access token`, 401, {
          reason: err.options.reason,
        });
      }
      throw err;
    }
  };
};
