import type { JoinRequest, JoinResponse } from '../protocol/join-types.js';
import { isJoinResponse } from '../protocol/join-guard.js';
import { ConsultError } from './consult-error.js';
import { callServer, isBearerToken, parseJson, request, type RequestOptions } from './request.js';

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
  // The one mistake a page makes easily; the rest of JoinRequestSchema the server checks (its schema code would
  // cost the bundle more than the round trip costs the page).
  if ((body.appointment === undefined) === (body.room === undefined)) {
    throw new ConsultError('bad-request', { detail: 'give exactly one of appointment or room' });
  }
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
  return callServer(server, '/v1/join', ticket, init, isJoinResponse, signal, options);
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
