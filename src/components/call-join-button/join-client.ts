import { fetchTicket, join } from '../../client/consult-client.js';
import { ConsultError, toConsultError } from '../../client/consult-error.js';
import type { RoomSession } from '../../client/room-session.js';
import { getVisit } from '../../client/visits.js';
import { errorMessage, retryHelps } from '../../internal/error-messages.js';
import { frameableOrigin, parseSecureUrl } from '../../internal/url-policy.js';
import { clock } from '../../controllers/countdown-controller.js';
import type { JoinArgs, TicketSource } from '../../controllers/join-controller.js';
import type { VisitInfo } from '../../protocol/visits.js';

// What `<call-join-button>` does on the network, and the words for its failures: in the script tag's build a chunk
// of its own (chunks/client.js, shared with the room's steps and the picker), loaded when the button comes near the
// viewport, at a press, or at once where the button shows a visit window (join-loader.ts). The button's first
// render needs none of it.

// Re-exported from here, not with `export … from`: the manifest then names only this module.
export { errorMessage, fetchTicket, frameableOrigin, join, retryHelps };

/**
 * A ticket for one call to the server: the one the page handed over, else a fresh one from its ticket URL; ''
 * when the page gave neither (which `join` reports as `ticket-missing`).
 */
export const ticketFor = async ({ ticket, ticketUrl }: TicketSource, signal?: AbortSignal): Promise<string> =>
  ticket || (ticketUrl ? fetchTicket(ticketUrl, signal) : '');

/**
 * What the room needs to follow the visit after the join. Tickets come the way the join's did, from the ticket or
 * ticket URL `tickets` holds when one is asked for (a page may set a fresh ticket for each call); a refresh joins
 * the same visit in the same role again, without a `vc-join-request` (the patient is in the visit already).
 */
export const roomSession = (
  { server, request }: JoinArgs,
  tickets: TicketSource,
  visit?: VisitInfo,
): RoomSession => {
  const ticket = async (signal?: AbortSignal) => {
    const value = await ticketFor(tickets, signal);
    if (!value) throw new ConsultError('ticket-missing');
    return value;
  };
  return {
    server,
    ticket,
    refresh: async (signal) => join(server, request, await ticket(signal), signal),
    visit,
  };
};

/** A visit's window: its `VisitInfo`, and the server's clock minus this one (ms). */
export interface VisitWindow {
  info: VisitInfo;
  offset: number;
}

/**
 * The window of an appointment's visit, with a fresh ticket from `ticketUrl` or with a `token` that may be sent
 * again (an appointment's capability token); undefined when there is none to
 * show: a server that is no secure URL (the join reports it, once, when the user asks to join), or a visit
 * without a schedule (rooms created on first join, and a server older than this route, join as they always did).
 */
export const fetchVisitWindow = async (
  server: string,
  appointment: string,
  credential: { ticketUrl: string } | { token: string },
  signal: AbortSignal,
): Promise<VisitWindow | undefined> => {
  if (!parseSecureUrl(server)) return undefined;
  try {
    const ticket = 'token' in credential ? credential.token : await fetchTicket(credential.ticketUrl, signal);
    const sent = clock.now();
    const info = await getVisit(server, appointment, ticket, signal);
    // The server read its clock somewhere during the round trip: assume half-way.
    return { info, offset: Date.parse(info.serverTime) - (sent + clock.now()) / 2 };
  } catch (error) {
    if (signal.aborted) throw error;
    const failure = toConsultError(error);
    if (failure.code === 'room-not-found' || failure.code === 'not-found') return undefined;
    throw failure;
  }
};
