import { jwtExpiry } from '../internal/jwt-expiry.js';
import { SHARED_WORK, type Plumbing } from '../internal/plumbing.js';
import type { MappedRefusal } from '../internal/status-problem.js';
import { TokenCache, withToken } from '../internal/token-cache.js';
import { vendorPath } from '../internal/vendor-path.js';
import type { ApizeeOptions } from './options.js';
import {
  ConferenceListSchema,
  ConferenceSchema,
  ConferenceStatusListSchema,
  TicketListSchema,
  TicketStatusListSchema,
  TicketSchema,
  TokenSchema,
} from './schemas.js';

export const VENDOR = 'apizee';
const FALLBACK_TOKEN_TTL_MS = 3_600_000;

type Params = Record<string, string | number | boolean | undefined>;

/** The `/token` login for the configured account, cached and single-flight. */
const accountToken = (
  options: ApizeeOptions & { username: string; password: string },
  { http, deps }: Plumbing,
) =>
  new TokenCache({
    now: deps.now,
    refreshMarginMs: options.tokenRefreshMarginMs,
    login: async () => {
      const params = { grant_type: 'password', username: options.username, password: options.password };
      const answer = await http.json(
        {
          method: 'POST',
          path: vendorPath`/token`,
          ...(options.credentialsIn === 'query' ? { query: params } : { form: params }),
          signal: SHARED_WORK,
          mapError: (status) =>
            status === 400 || status === 401 || status === 403
              ? { code: 'vendor-rejected', detail: `${VENDOR} refused our account credentials` }
              : undefined,
        },
        TokenSchema,
      );
      const expiresAt =
        answer.expires_in === undefined
          ? (jwtExpiry(answer.access_token) ?? deps.now() + FALLBACK_TOKEN_TTL_MS)
          : deps.now() + answer.expires_in * 1000;
      return { value: answer.access_token, expiresAt };
    },
  });

/** A configured token cannot be renewed: its refusal is final, in words that say which token. */
const refusedConfiguredToken = (status: number): MappedRefusal | undefined =>
  status === 401
    ? { code: 'vendor-rejected', detail: `${VENDOR} refused the configured access token` }
    : undefined;

/**
 * The endpoints we use. Parameters travel in the query string with an empty body, as in the doc's
 * `POST /conferences` example; the doc shows no `POST /tickets` call and we send its parameters the same way.
 */
export const createApizeeApi = (options: ApizeeOptions, plumbing: Plumbing) => {
  const { http } = plumbing;
  const { accessToken, username, password } = options;
  const login =
    accessToken === undefined && username !== undefined && password !== undefined
      ? accountToken({ ...options, username, password }, plumbing)
      : undefined;

  /** One authenticated call; GETs are retried by the plumbing, POSTs never (see vendor-http). */
  const call = <T>(
    method: 'GET' | 'POST',
    path: ReturnType<typeof vendorPath>,
    query: Params,
    schema: Parameters<typeof http.json<T>>[1],
    signal: AbortSignal,
  ) =>
    login === undefined
      ? http.json(
          { method, path, query, bearer: accessToken, signal, mapError: refusedConfiguredToken },
          schema,
        )
      : withToken(login, signal, (bearer) => http.json({ method, path, query, bearer, signal }, schema));

  const search = { limit: options.searchLimit, orderby: 'date', order: 'desc' };

  return {
    createConference: (params: Params, signal: AbortSignal) =>
      call('POST', vendorPath`/conferences`, params, ConferenceSchema, signal),
    /** The doc's "Get a Conference ID by name": `search` is a keyword match, so callers filter exactly. */
    searchConferences: (name: string, signal: AbortSignal) =>
      call('GET', vendorPath`/conferences`, { search: name, ...search }, ConferenceListSchema, signal),
    createTicket: (params: Params, signal: AbortSignal) =>
      call('POST', vendorPath`/tickets`, params, TicketSchema, signal),
    /** The doc's "Get a ticket ID from a reference". */
    ticketsByReference: (reference: string, signal: AbortSignal) =>
      call('GET', vendorPath`/tickets`, { reference, ...search }, TicketListSchema, signal),
    /** The same lookups for the live state: here a missing `status` / `state` is a malformed answer. */
    conferenceStates: (name: string, signal: AbortSignal) =>
      call('GET', vendorPath`/conferences`, { search: name, ...search }, ConferenceStatusListSchema, signal),
    ticketStates: (reference: string, signal: AbortSignal) =>
      call('GET', vendorPath`/tickets`, { reference, ...search }, TicketStatusListSchema, signal),
  };
};

export type ApizeeApi = ReturnType<typeof createApizeeApi>;
