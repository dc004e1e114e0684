/**
 * Auvious adapter, through the Auvious appointments API.
 *
 * Source: `vendor-docs/auvious-appointments-api.md` (generated from Swagger; the doc itself warns that it
 * may be incomplete). Endpoints, below the configured `baseUrl`, with `Authorization: Bearer <JWT>`
 * unless noted; the roles are the doc's:
 * - `GET /api/appointments/overlap/count?applicationId=&start=&duration=` (no authorization) -> {count}
 * - `POST /api/appointments/` (see below) -> GetAppointmentResponse
 * - `POST /api/appointments/participants/agents/` {id, userId} (ROLE_AGENT/SUPERVISOR); 409 if present
 * - `POST /api/appointments/participants/customers/` {id, customer} (ROLE_AGENT/SUPERVISOR)
 * - `PUT /api/appointments/reschedule/` {id, start, duration, timezone, locale}
 * - `PUT /api/appointments/reassign/` {id, userId} (ROLE_AGENT/SUPERVISOR): `reassignRoom`
 * - `DELETE /api/appointments/{id}` -> 204; `PUT /api/appointments/{id}/end` (ROLE_AGENT)
 * - `POST /api/appointments/activate/{id}` (ROLE_CLIENT_SERVICE) -> {url, expires, type}: the join link
 * - `GET /api/appointments/{id}` -> the live state and the current time before a reschedule;
 *   `GET /api/appointments/?range=` -> the lookup
 * Formats as the doc writes them: durations `PT5M0s` (answers) / `PT5M` (requests), instants
 * `2022-01-31T19:00:00.0Z` (see `auvious/formats.ts`).
 *
 * Assumptions where the doc is silent or ambiguous (also in docs/providers.md):
 * - The JWT: the doc says only "a valid JWT token" with roles per endpoint. Exactly one of three is
 *   configured: `accessToken` (from env, read once; its 401 is final), `accessTokenFile` (a mounted secret
 *   rotated outside: read again before its `exp`, every minute without `exp`, and once after a 401), or
 *   `tokenUrl` + `clientId` + `clientSecret` (OAuth 2 client credentials, RFC 6749 §4.4, client
 *   authentication by HTTP Basic unless `clientAuth: 'body'`), renewed single-flight before `exp` /
 *   `expires_in`. The token needs ROLE_AGENT (schedule, participants, end) and ROLE_CLIENT_SERVICE
 *   (activate); a 403 says which role the call needed.
 * - Scheduling: the doc's only "Schedule new" is `POST /api/appointments/basic`, a customer's call behind
 *   OTP verification with no request body documented: a server cannot use it. We assume the agent's
 *   schedule at the collection path (`POST /api/appointments/`, beside Find all and Update) taking the
 *   appointment's own fields: applicationId, start, duration, timezone, locale, title, metadata,
 *   notificationsActive (false: we hand out the links).
 * - Our room id goes into `metadata.consultRoomId`: the doc stores it (Update: "title, notes, metadata")
 *   and returns it (GetAppointmentResponse). Every create first looks for an appointment carrying it (a
 *   job retried after a partial create), and a schedule that timed out adopts exactly one appointment
 *   carrying it, never a look-alike; several leave the timeout standing, and an incomplete lookup page
 *   never counts as "none". We never call Update (it replaces what it is not sent, our mark with it).
 * - Overlap: `overlap/count` counts the whole application's appointments. More than `maxOverlapping`
 *   (default 0) refuses with 409 `vendor-schedule-conflict` before anything is scheduled; a reschedule
 *   allows its own appointment where its current time (asked first) overlaps the new one, and one already
 *   at the new time (a retried reschedule) is left alone. The check races with other schedulers.
 * - Participants: the clinician is the AGENT `userId` from `agents` (by e-mail) or `defaultAgentUserId`
 *   (an AGENT participant's id is its user id, as in the doc's samples); the patient the one CUSTOMER,
 *   name split at the first space, e-mail/phone as contact, our pseudonymous id in its metadata.
 * - Join: the activation ticket is a `MULTI_USE_TICKET` for the appointment, so every role gets the same
 *   kind of link (`clinicianLink: false`); each join activates again (the doc does not say a second
 *   activation fails) and the link's expiry is the ticket's `expires`, passed through as it is.
 * - Reassign (another clinician): the appointment is read first (never the stored agent); when its one
 *   AGENT is the new agent already (the doc: reassign "will replace the current owner and associated AGENT
 *   participant"), a retried reassign is not sent again.
 * - End: `PUT /{id}/end` when the clinician ends the visit (`POST /v1/visits/{appointment}/end`), unless
 *   the appointment reads `ENDED` already (a retry); a 404 (deleted) is what end wanted.
 * - Live state: `interaction.state` per `auvious/room-state.ts`; a 404 (deleted) reads as ended. Cancel
 *   treats 404 as done.
 */
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { createAuviousApi, VENDOR } from './auvious/api.js';
import { agentOf, createAppointments } from './auvious/appointments.js';
import { AuviousOptionsSchema, type AuviousOptionsInput } from './auvious/options.js';
import { appointmentPhase } from './auvious/room-state.js';
import { AuviousVendorDataSchema, type AuviousVendorData } from './auvious/schemas.js';
import type { ProviderDeps } from './internal/deps.js';
import { checkJoinUrl } from './internal/join-url.js';
import { createPlumbing } from './internal/plumbing.js';
import { VendorError } from './internal/vendor-error.js';
import type { CreatedRoom, Participant, StoredRoom, VideoProvider } from './types.js';

export { AuviousOptionsSchema } from './auvious/options.js';
export type { AuviousOptions, AuviousOptionsInput } from './auvious/options.js';

/** Auvious rooms can also change their clinician (the doc's Reassign). */
export interface AuviousProvider extends VideoProvider {
  moveRoom(
    room: StoredRoom,
    change: { startsAt: Date; durationMinutes: number },
    signal: AbortSignal,
  ): Promise<CreatedRoom>;
  endRoom(room: StoredRoom, signal: AbortSignal): Promise<void>;
  /** Hands the appointment to another clinician's agent; returns the room's new vendor data. */
  reassignRoom(room: StoredRoom, clinician: Participant, signal: AbortSignal): Promise<CreatedRoom>;
}

const dataOf = (room: StoredRoom): AuviousVendorData => {
  const parsed = v.safeParse(AuviousVendorDataSchema, room.vendorData);
  if (!parsed.success)
    throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without appointment id` });
  return parsed.output;
};

const isNotFound = (err: unknown) => err instanceof ProblemError && err.code === 'room-not-found';

export const createAuviousProvider = (input: AuviousOptionsInput, deps?: ProviderDeps): AuviousProvider => {
  const options = v.parse(AuviousOptionsSchema, input);
  const plumbing = createPlumbing(VENDOR, options.baseUrl, options, deps);
  const api = createAuviousApi(options, plumbing);
  const appointments = createAppointments(options, api);
  const { now } = plumbing.deps;

  const localeOf = (participants: Participant[]) =>
    participants.find((p) => p.role === 'patient')?.language ?? options.locale;
  const created = (data: AuviousVendorData): CreatedRoom => ({
    vendorRoomId: data.appointmentId,
    vendorData: { ...data },
  });

  return {
    name: VENDOR,
    capabilities: {
      cancel: true,
      clinicianLink: false,
      waitingArea: false,
      postsMessages: false,
      roomNeedsParticipants: true,
      minLinkTtlSeconds: 0,
    },
    allowedOrigins: options.joinOrigins,
    iframeAllow: [],

    async createRoom(spec, signal) {
      return created(await appointments.ensure(spec, localeOf(spec.participants), signal));
    },

    async joinLink({ room }, signal) {
      const ticket = await api.activate(dataOf(room).appointmentId, signal);
      const url = checkJoinUrl(VENDOR, ticket.url, options.joinOrigins);
      if (ticket.expires.getTime() <= now()) {
        throw new VendorError(
          'vendor-rejected',
          `${VENDOR} issued a ticket that has already expired`,
          undefined,
          {
            reason: 'activation expires in the past',
          },
        );
      }
      return { url: url.href, expiresAt: ticket.expires };
    },

    async cancelRoom(room, signal) {
      try {
        await api.remove(dataOf(room).appointmentId, signal);
      } catch (err) {
        // Gone already (an earlier cancel whose answer we missed): what cancel wanted.
        if (!isNotFound(err)) throw err;
      }
    },

    async roomState(room, signal) {
      try {
        return appointmentPhase(await api.get(dataOf(room).appointmentId, signal));
      } catch (err) {
        if (isNotFound(err)) return { phase: 'ended' };
        throw err;
      }
    },

    async moveRoom(room, change, signal) {
      const data = dataOf(room);
      await appointments.move(data.appointmentId, change, data.locale ?? options.locale, signal);
      return created(data);
    },

    async endRoom(room, signal) {
      const { appointmentId } = dataOf(room);
      try {
        // Looked at first: an end retried after a lost answer is not sent again (the doc does not say
        // what a second end answers).
        if (appointmentPhase(await api.get(appointmentId, signal)).phase === 'ended') return;
        await api.end(appointmentId, signal);
      } catch (err) {
        // Deleted already: nobody can be in it.
        if (!isNotFound(err)) throw err;
      }
    },

    async reassignRoom(room, clinician, signal) {
      const data = dataOf(room);
      const agentUserId = agentOf(options, clinician);
      // Looked at first, never taken from `vendorData` (which an earlier, failed change may have left
      // behind): a retry after a lost answer (or after a later step failed) finds the appointment handed
      // over already, and reassigns nothing.
      const current = await api.get(data.appointmentId, signal);
      const agents = (current.participantIds ?? []).filter((p) => p.type === 'AGENT').map((p) => p.id);
      if (agents.length !== 1 || agents[0] !== agentUserId) {
        await api.reassign(data.appointmentId, agentUserId, signal);
      }
      return created({ ...data, agentUserId });
    },
  };
};
