import { jwtExpiry } from '../internal/jwt-expiry.js';
import { SHARED_WORK, type Plumbing } from '../internal/plumbing.js';
import type { MappedRefusal } from '../internal/status-problem.js';
import { TokenCache, withToken } from '../internal/token-cache.js';
import { vendorPath } from '../internal/vendor-path.js';
import type { ArztkonsultationOptions } from './options.js';
import {
  CallLogListSchema,
  ClientLoginSchema,
  CreatedCallSchema,
  ScopedTokenSchema,
  UserTokenSchema,
} from './schemas.js';

export const VENDOR = 'arztkonsultation';

/** Body of `POST /api/v2/calls`, as in the doc's OTP example. */
export interface NewCall {
  duration: number;
  begin: number;
  tan_username: string;
  tan_email?: string;
  call_type: 'tan';
  additional_callees?: { user_id: number }[];
}

const refusedLogin =
  (what: string) =>
  (status: number): MappedRefusal | undefined =>
    status === 401 || status === 403 || status === 422
      ? { code: 'vendor-rejected', detail: `${VENDOR} refused our ${what}` }
      : undefined;

/**
 * The doc says a call "can only be deleted if it has not yet been executed" and names no status for the
 * refusal, so every 4xx but 401 (token), 404 (unknown call) and 429 (rate limit) is read as that refusal.
 */
const refusedDelete = (status: number): MappedRefusal | undefined => {
  if (status === 404) return { code: 'room-not-found', detail: `${VENDOR} does not know this call` };
  if (status === 401 || status === 429) return undefined;
  return { code: 'room-ended', detail: `${VENDOR} refuses to cancel a call that has already taken place` };
};

/**
 * The vendor endpoints we use, each with the token the doc's examples use for it: the client token for the
 * Client API (`/api/ext/*`, and for call logs and deleting calls as in the doc's "Extended call logs" and
 * "Delete Call" examples), the organizer's user token for creating calls (so the organizer, not an admin, is the
 * caller seen in the call, as the doc recommends).
 */
export const createArztApi = (options: ArztkonsultationOptions, { http, deps }: Plumbing) => {
  const expiresAt = (token: string) => jwtExpiry(token) ?? deps.now() + options.assumedTokenTtlSeconds * 1000;
  const cacheOptions = { now: deps.now, refreshMarginMs: options.tokenRefreshMarginMs };

  const clientToken = new TokenCache({
    ...cacheOptions,
    login: async () => {
      const value = await http.json(
        {
          method: 'POST',
          path: vendorPath`/api/v2/client`,
          json: { client_id: options.clientId, pw: options.clientSecret },
          signal: SHARED_WORK,
          mapError: refusedLogin('client credentials'),
        },
        ClientLoginSchema,
      );
      return { value, expiresAt: expiresAt(value) };
    },
  });

  const userToken = new TokenCache({
    ...cacheOptions,
    login: async () => {
      const value = await withToken(clientToken, SHARED_WORK, (bearer) =>
        http.json(
          {
            method: 'POST',
            path: vendorPath`/api/ext/authenticateUser`,
            bearer,
            json: { email: options.organizerEmail },
            signal: SHARED_WORK,
            mapError: (status) => (status === 401 ? undefined : refusedLogin('organizer account')(status)),
          },
          UserTokenSchema,
        ),
      );
      return { value, expiresAt: expiresAt(value) };
    },
  });

  return {
    createCall: (call: NewCall, signal: AbortSignal) =>
      withToken(userToken, signal, (bearer) =>
        http.json(
          { method: 'POST', path: vendorPath`/api/v2/calls`, bearer, json: call, signal },
          CreatedCallSchema,
        ),
      ),

    /** The call's log entries (the doc's "Extended call logs"), with the client token like its listing. */
    callLogs: (callId: number | string, signal: AbortSignal) =>
      withToken(clientToken, signal, (bearer) =>
        http.json(
          { method: 'GET', path: vendorPath`/api/v2/calllogs`, query: { call_id: callId }, bearer, signal },
          CallLogListSchema,
        ),
      ),

    /** `validFor` in the configured `scopedTokenValidForUnit` (the doc names no unit). */
    scopedToken: (callId: number | string, validFor: number, signal: AbortSignal) =>
      withToken(clientToken, signal, (bearer) =>
        http.json(
          {
            method: 'POST',
            path: vendorPath`/api/ext/createScopedToken`,
            bearer,
            json: {
              email: options.organizerEmail,
              valid_for: validFor,
              scope_type: 'call',
              scope_id: callId,
            },
            signal,
          },
          ScopedTokenSchema,
        ),
      ),

    deleteCall: (callId: number | string, signal: AbortSignal) =>
      withToken(clientToken, signal, (bearer) =>
        http.send({
          method: 'DELETE',
          path: vendorPath`/api/v2/calls/${callId}`,
          bearer,
          signal,
          mapError: refusedDelete,
        }),
      ),
  };
};

export type ArztApi = ReturnType<typeof createArztApi>;
