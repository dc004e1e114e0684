import { ProblemError } from '../../problem-error.js';
import { createOrAdopt } from '../internal/create-or-adopt.js';
import { checkJoinUrl } from '../internal/join-url.js';
import { VendorError } from '../internal/vendor-error.js';
import type { CreatedRoom, Participant, ProviderRoomState, RoomSpec } from '../types.js';
import { VENDOR, type ApizeeApi } from './api.js';
import type { ApizeeTicketOptions } from './options.js';
import { apizeePhase, findOwn } from './room-state.js';
import type { ApizeeVendorData } from './schemas.js';

type TicketData = Extract<ApizeeVendorData, { mode: 'ticket' }>;

const wrongMode = () => new ProblemError('internal', undefined, { reason: `${VENDOR} room is not a ticket` });

/** "Video Assistance" rooms: one ticket per room (one patient, one agent), referenced by our room id. */
export const ticketRooms = (options: ApizeeTicketOptions, api: ApizeeApi) => ({
  allowedOrigins: [...new Set([...options.requestorOrigins, ...options.agentOrigins])],
  clinicianLink: true,
  waitingArea: false,

  async create(spec: RoomSpec, signal: AbortSignal): Promise<CreatedRoom> {
    const patients = spec.participants.filter((p) => p.role === 'patient');
    const patient = patients[0];
    if (patients.length !== 1 || patient === undefined) {
      throw new ProblemError('bad-request', `${VENDOR} assistance tickets have exactly one patient`);
    }
    const contact = patient.email
      ? { email: patient.email }
      : patient.phone
        ? { phone: patient.phone }
        : undefined;
    if (contact === undefined) {
      throw new ProblemError('bad-request', `${VENDOR} tickets need the patient's e-mail or phone number`);
    }
    const params = {
      agent: options.agent,
      ...contact,
      reference: spec.roomId,
      // "To retrieve the agent's URL, use the value sso."
      scope: 'sso',
      invite: options.invite ? 1 : undefined,
    };
    const ticket = await createOrAdopt(
      () => api.createTicket(params, signal),
      async () =>
        (await api.ticketsByReference(spec.roomId, signal)).data.filter((t) => t.reference === spec.roomId),
    );
    const requestor = checkJoinUrl(VENDOR, ticket.requestor_url, options.requestorOrigins);
    const agent = checkJoinUrl(
      VENDOR,
      ticket.agent_url ?? (options.agentOrigins[0] as string),
      options.agentOrigins,
    );
    const data: TicketData = {
      mode: 'ticket',
      ticketId: ticket.id,
      requestorUrl: requestor.href,
      agentUrl: agent.href,
      buttonId: ticket.button_id ?? options.entrypointId ?? null,
    };
    return { vendorRoomId: String(ticket.id), vendorData: data };
  },

  /** The ticket's `state` (else `status`), found by our room id (its reference) and its id. */
  async state(data: ApizeeVendorData, roomId: string, signal: AbortSignal): Promise<ProviderRoomState> {
    if (data.mode !== 'ticket') throw wrongMode();
    const own = findOwn((await api.ticketStates(roomId, signal)).data, data.ticketId);
    return { phase: apizeePhase((own.state ?? own.status) as string) };
  },

  /**
   * Patient: `requestor_url`. Clinician: the ticket in the agent portal, `agent_url/entrypoint/{button_id}/
   * tickets/{id}` as the doc describes; the agent signs in to Apizee with their own account there.
   */
  link(data: ApizeeVendorData, participant: Participant): URL {
    if (data.mode !== 'ticket') throw wrongMode();
    if (participant.role === 'patient')
      return checkJoinUrl(VENDOR, data.requestorUrl, options.requestorOrigins);
    if (data.buttonId === null || data.buttonId === undefined) {
      throw new VendorError(
        'vendor-bad-response',
        `${VENDOR} gave no agent entry point for this ticket`,
        undefined,
        {
          reason: 'no button_id in the ticket and no entrypointId configured',
        },
      );
    }
    const url = checkJoinUrl(VENDOR, data.agentUrl, options.agentOrigins);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/entrypoint/${encodeURIComponent(data.buttonId)}/tickets/${encodeURIComponent(data.ticketId)}`;
    url.search = '';
    return url;
  },
});
