import type { JoinRequest, JoinResponse } from '../protocol/join.js';
import { isJoinResponse } from '../protocol/join-guard.js';
import type { Problem } from '../protocol/problem.js';
import { parseSecureUrl } from '../internal/url-policy.js';
import { ConsultError } from './consult-error.js';
import { isBearerToken, parseJson, request, type RequestOptions } from './request.js';

// The shape ProblemSchema gives `code`.
const PROBLEM_CODE = /^[a-z][a-z0-9-]{1,63}$/;

/** `{server}/v1/join`; the server URL must be secure because the ticket travels with the request. */
const joinEndpoint = (server: string): URL => {
  const base = parseSecureUrl(server);
  if (!base) throw new ConsultError('bad-request', { detail: 'server must be an https: URL' });
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}/v1/join`);
};

/**
 * A failed response as a ConsultError: the problem+json fields the browser uses, else `bad-response`. Read by
 * hand rather than with ProblemSchema, whose checks of fields nobody here reads cost ~370 B gzip in the bundle.
 */
const problemError = (response: Response, body: unknown): ConsultError => {
  const { code, detail, requestId } = (body ?? {}) as Partial<Record<keyof Problem, unknown>>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return typeof code === 'string' && PROBLEM_CODE.test(code)
    ? new ConsultError(code, { status: response.status, detail: text(detail), requestId: text(requestId) })
    : new ConsultError('bad-response', { status: response.status });
};

/**
 * Asks the consult server for a join URL: `POST {server}/v1/join` with the ticket as bearer token.
 * Rejects with a ConsultError (or with `signal.reason` when the caller aborts).
 */
export const join = async (
  server: string,
  body: JoinRequest,
  ticket: string,
  signal?: AbortSignal,
  options?: RequestOptions,
): Promise<JoinResponse> => {
  const endpoint = joinEndpoint(server);
  if (!isBearerToken(ticket)) throw new ConsultError(ticket === '' ? 'ticket-missing' : 'ticket-invalid');
  // The one mistake a page makes easily; the rest of JoinRequestSchema the server checks (its schema code would
  // cost the bundle more than the round trip costs the page).
  if ((body.appointment === undefined) === (body.room === undefined)) {
    throw new ConsultError('bad-request', { detail: 'give exactly one of appointment or room' });
  }
  const init: RequestInit = {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${ticket}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify(body),
    // The ticket is the only credential: no cookies to the server, and the answer (a join URL) is never cached.
    credentials: 'omit',
    cache: 'no-store',
    // A redirected POST would carry the ticket somewhere this page never named.
    redirect: 'error',
  };
  return request(
    endpoint,
    init,
    async (response) => {
      const data = parseJson(await response.text());
      if (!response.ok) throw problemError(response, data);
      if (!isJoinResponse(data)) throw new ConsultError('bad-response', { status: response.status });
      return data;
    },
    signal,
    options,
  );
};

const isSameOrigin = (url: URL) => url.origin !== 'null' && url.origin === window.location.origin;

const readTicket = async (response: Response): Promise<string> => {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  // A redirect to another origin (a login page elsewhere, say) did not come from the page's own backend.
  if (!response.ok || (response.url !== '' && !isSameOrigin(new URL(response.url)))) {
    throw new ConsultError('ticket-unavailable', { status: response.status });
  }
  const ticket = /^text\/plain\b/i.test(type)
    ? text.trim()
    : /^application\/(?:[\w.-]+\+)?json\b/i.test(type)
      ? (parseJson(text) as { ticket?: unknown } | null | undefined)?.ticket
      : undefined;
  if (typeof ticket !== 'string' || !isBearerToken(ticket)) {
    throw new ConsultError('ticket-unavailable', { status: response.status });
  }
  return ticket;
};

/**
 * Fetches a fresh consult ticket from the host page's own backend, with its cookies. `ticketUrl` may be
 * relative; it must be same-origin, or the page's cookies would vouch for someone else's endpoint.
 * Every failure is `ticket-unavailable` (or `signal.reason` when the caller aborts).
 */
export const fetchTicket = async (
  ticketUrl: string,
  signal?: AbortSignal,
  options?: RequestOptions,
): Promise<string> => {
  let url: URL | undefined;
  try {
    url = new URL(ticketUrl, document.baseURI);
  } catch {
    url = undefined;
  }
  if (!url || !isSameOrigin(url)) {
    throw new ConsultError('ticket-unavailable', { detail: 'ticket-url must be same-origin with the page' });
  }
  const init: RequestInit = {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'text/plain, application/json' },
  };
  try {
    return await request(url, init, readTicket, signal, options);
  } catch (error) {
    if (signal?.aborted || (error instanceof ConsultError && error.code === 'ticket-unavailable'))
      throw error;
    throw new ConsultError('ticket-unavailable', { cause: error });
  }
};
