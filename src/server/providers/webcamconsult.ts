/**
 * webcamconsult adapter.
 *
 * Source: `vendor-docs/webcamconsult-api.md` (aglio export, 2017). Endpoints, below the configured
 * `baseUrl`, every one with `Authorization: Token token=…` (one token per organisation):
 * - `GET /clients.json` -> [{id, email, last_name, authentication_token, …}]; `POST /clients.json`
 *   {client: {email, last_name, division_ids}} -> {client: {id, …}}; 422 {errors: {field: [text]}}
 * - `POST /appointments.json` {appointment: {user_id, client_id, date, duration, created_by_user_id,
 *   division_id}} -> {appointment: {id, state, …}}; `GET /appointments.json` -> [{…}]
 * - `GET` / `PUT` / `DELETE /appointment/{id}.json` (the doc's singular path, used as documented)
 *
 * Assumptions where the doc is silent or ambiguous (also in docs/providers.md):
 * - The token always travels in the header, never as the `authentication_token` query parameter the doc
 *   also allows: URLs end up in logs. There is no login, so a 401 is final (`vendor-rejected`), not retried.
 * - The doc's examples use `http://`; we send the token over https only (http for localhost in tests).
 * - There is no join endpoint. Join links come from configured templates (`joinUrlTemplate`, and
 *   `clinicianJoinUrlTemplate` for clinicians), validated at start (https, a fixed origin, known
 *   placeholders only); their origins are the provider's allowed origins. The patient's link may carry the
 *   client's `authentication_token` (`{clientToken}`), which only `GET /clients.json` returns: it is read
 *   when the room is created and sealed with the room. Links do not expire at the vendor as far as the doc
 *   says; we report the later of the scheduled end and the requested TTL.
 * - The patient is found by e-mail in `GET /clients.json` (the doc has no filter, and an e-mail never goes
 *   into a URL), else created. So a patient without an e-mail cannot be booked: 400 `bad-request` with the
 *   field `participants.email`, before any vendor call. Patients sharing an e-mail share a client (the one
 *   with the same last name, else the first listed).
 * - The clinician is a webcamconsult user from configuration (`users`: e-mail -> user id, else
 *   `defaultUserId`), never created by us.
 * - `duration` is in minutes (the doc's example is `100` with no unit); `date` is sent in UTC.
 * - An appointment is adopted only when it is provably ours: created by the configured `integrationUserId`
 *   (a user reserved for this server), for the same client, user, instant and duration, and the only such
 *   one. With `integrationUserId` the list is read before creating (so a booking job's retry finds what an
 *   earlier attempt made) and again after a create timed out; several matches are refused, never guessed.
 *   Without it nothing is adopted and a timeout stands.
 * - Rescheduling is `PUT /appointment/{id}.json` with the fields we own; the id stays. So is a change of
 *   clinician (`reassignRoom`): `user_id` is among the doc's editable attributes, so the appointment, its
 *   client and the patient's link stay. The doc has no call to end a consult, so there is no `endRoom`.
 * - Live state reads `GET /appointment/{id}.json`: see `webcamconsult/room-state.ts`; a 404 is `ended`.
 * - 422 `errors` become field-level problem details naming the fields only, never the vendor's text.
 */
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { createOrAdopt } from './internal/create-or-adopt.js';
import type { ProviderDeps } from './internal/deps.js';
import { checkJoinUrl } from './internal/join-url.js';
import { createPlumbing } from './internal/plumbing.js';
import { createWebcamconsultApi, VENDOR, type AppointmentBody } from './webcamconsult/api.js';
import { findOrCreateClient } from './webcamconsult/clients.js';
import { fillTemplate, templateOrigin, usesPlaceholder } from './webcamconsult/join-template.js';
import { WebcamconsultOptionsSchema, type WebcamconsultOptionsInput } from './webcamconsult/options.js';
import { appointmentPhase } from './webcamconsult/room-state.js';
import { WebcamconsultVendorDataSchema, type VendorAppointment } from './webcamconsult/schemas.js';
import type { CreatedRoom, Participant, RoomSpec, StoredRoom, VideoProvider } from './types.js';

export { WebcamconsultOptionsSchema } from './webcamconsult/options.js';
export type { WebcamconsultOptions, WebcamconsultOptionsInput } from './webcamconsult/options.js';

const MINUTE_MS = 60_000;

const refuse = (detail: string, path: string, message: string) =>
  new ProblemError('bad-request', detail, { errors: [{ path, message }] });

/** The one patient, with the e-mail webcamconsult finds the client by. */
const patientOf = (spec: RoomSpec): Participant & { email: string } => {
  const patients = spec.participants.filter((p) => p.role === 'patient');
  if (patients.length !== 1) {
    throw refuse(
      `${VENDOR} appointments have exactly one patient`,
      'participants',
      'name exactly one patient',
    );
  }
  const [patient] = patients as [Participant];
  const email = patient.email?.trim();
  if (!email) {
    throw refuse(
      `${VENDOR} finds or creates the patient by e-mail: the patient's e-mail is required`,
      'participants.email',
      'required by webcamconsult',
    );
  }
  return { ...patient, email };
};

const minutesOf = (durationMinutes: number): number => {
  const minutes = Math.round(durationMinutes);
  if (!(minutes >= 1)) throw new ProblemError('bad-request', `${VENDOR} appointments last at least a minute`);
  return minutes;
};

const vendorDataOf = (room: StoredRoom) => {
  const parsed = v.safeParse(WebcamconsultVendorDataSchema, room.vendorData);
  if (!parsed.success)
    throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without appointment data` });
  return parsed.output;
};

export const createWebcamconsultProvider = (
  input: WebcamconsultOptionsInput,
  deps?: ProviderDeps,
): VideoProvider => {
  const options = v.parse(WebcamconsultOptionsSchema, input);
  const plumbing = createPlumbing(VENDOR, options.baseUrl, options, deps);
  const api = createWebcamconsultApi(options, plumbing);
  const { now } = plumbing.deps;
  const templates = [options.joinUrlTemplate, options.clinicianJoinUrlTemplate].filter(
    (t): t is string => t !== undefined,
  );
  const allowedOrigins = [...new Set(templates.map(templateOrigin))];
  const needsToken = usesPlaceholder(options.joinUrlTemplate, 'clientToken');

  /** The configured user of the room's clinician (by e-mail), else the default user. */
  const userIdOf = (participants: readonly Participant[]): string => {
    const emails = participants
      .filter((p) => p.role === 'clinician' && p.email)
      .map((p) => (p.email as string).trim().toLowerCase());
    const mapped = emails.find((e) => Object.hasOwn(options.users, e));
    const userId = mapped === undefined ? options.defaultUserId : options.users[mapped];
    if (userId === undefined) {
      throw refuse(
        `no ${VENDOR} user is configured for this room's clinician`,
        'participants',
        'name a clinician whose e-mail is configured for webcamconsult',
      );
    }
    return userId;
  };

  const bodyOf = (
    ids: { userId: string; clientId: string },
    startsAt: Date,
    durationMinutes: number,
  ): AppointmentBody => ({
    user_id: ids.userId,
    client_id: ids.clientId,
    date: startsAt.toISOString(),
    duration: minutesOf(durationMinutes),
    ...(options.integrationUserId ? { created_by_user_id: options.integrationUserId } : {}),
    ...(options.divisionId ? { division_id: options.divisionId } : {}),
  });

  /** Appointments that are provably the one a timed-out create made: see the header. */
  const ours = (body: AppointmentBody) => (a: VendorAppointment) =>
    options.integrationUserId !== undefined &&
    a.created_by_user_id === options.integrationUserId &&
    a.user_id === body.user_id &&
    a.client_id === body.client_id &&
    a.date === Date.parse(body.date) &&
    a.duration === body.duration;

  /**
   * With a marker, creating is idempotent across calls too: a booking job that retries after a failed
   * attempt (the create timed out and the lookup failed as well) first finds what that attempt made.
   */
  const adoptOrCreate = async (body: AppointmentBody, signal: AbortSignal) => {
    const lookup = async () => (await api.appointments(signal)).filter(ours(body));
    const earlier = await lookup();
    if (earlier.length > 1) {
      throw new ProblemError(
        'vendor-rejected',
        `${VENDOR} already has several appointments this server made for this patient, clinician and time`,
        { reason: 'ambiguous appointments of integrationUserId; remove the duplicates at the vendor' },
      );
    }
    return earlier[0] ?? (await createOrAdopt(() => api.createAppointment(body, signal), lookup));
  };

  /** `PUT /appointment/{id}.json` with the fields we own; the appointment (and so its links) stays. */
  const update = async (
    data: ReturnType<typeof vendorDataOf>,
    userId: string,
    startsAt: Date,
    durationMinutes: number,
    signal: AbortSignal,
  ): Promise<CreatedRoom> => {
    const body = bodyOf({ userId, clientId: data.clientId }, startsAt, durationMinutes);
    const updated = await api.updateAppointment(data.appointmentId, body, signal);
    if (updated.id !== data.appointmentId) {
      throw new ProblemError('vendor-bad-response', `${VENDOR} answered with another appointment`, {
        reason: 'PUT /appointment/{id}.json: id changed',
      });
    }
    return { vendorRoomId: data.appointmentId, vendorData: { ...data, userId } };
  };

  return {
    name: VENDOR,
    capabilities: {
      cancel: true,
      clinicianLink: options.clinicianJoinUrlTemplate !== undefined,
      waitingArea: false,
      postsMessages: false,
      roomNeedsParticipants: true,
      minLinkTtlSeconds: 0,
    },
    allowedOrigins,
    iframeAllow: [],

    async createRoom(spec, signal): Promise<CreatedRoom> {
      const patient = patientOf(spec);
      const userId = userIdOf(spec.participants);
      minutesOf(spec.durationMinutes);
      const seat = await findOrCreateClient(
        api,
        patient,
        { needsToken, divisionId: options.divisionId },
        signal,
      );
      const body = bodyOf({ userId, clientId: seat.clientId }, spec.startsAt, spec.durationMinutes);
      const appointment = options.integrationUserId
        ? await adoptOrCreate(body, signal)
        : await api.createAppointment(body, signal);
      return {
        vendorRoomId: appointment.id,
        vendorData: { appointmentId: appointment.id, userId, ...seat },
      };
    },

    async joinLink({ room, participant, ttlSeconds }, signal) {
      signal.throwIfAborted();
      const data = vendorDataOf(room);
      let url: string;
      if (participant.role === 'patient') {
        if (needsToken && data.clientToken === undefined) {
          throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without client token` });
        }
        url = fillTemplate(options.joinUrlTemplate, {
          appointmentId: data.appointmentId,
          clientId: data.clientId,
          clientToken: data.clientToken,
        });
      } else {
        if (options.clinicianJoinUrlTemplate === undefined) {
          throw new ProblemError(
            'not-supported',
            `${VENDOR} has no clinician link here: clinicians open the appointment in webcamconsult`,
          );
        }
        url = fillTemplate(options.clinicianJoinUrlTemplate, {
          appointmentId: data.appointmentId,
          userId: data.userId,
        });
      }
      const checked = checkJoinUrl(VENDOR, url, allowedOrigins);
      const end = room.startsAt.getTime() + room.durationMinutes * MINUTE_MS;
      return { url: checked.href, expiresAt: new Date(Math.max(end, now() + ttlSeconds * 1000)) };
    },

    async cancelRoom(room, signal) {
      await api.deleteAppointment(vendorDataOf(room).appointmentId, signal);
    },

    async moveRoom(room, change, signal): Promise<CreatedRoom> {
      const data = vendorDataOf(room);
      return update(data, data.userId, change.startsAt, change.durationMinutes, signal);
    },

    // The appointment's user is one of its editable attributes: the same PUT hands it to the new clinician's
    // user, at its time. Repeatable as it is: a retry sets the same fields again.
    async reassignRoom(room, clinician, signal): Promise<CreatedRoom> {
      const data = vendorDataOf(room);
      return update(data, userIdOf([clinician]), room.startsAt, room.durationMinutes, signal);
    },

    async roomState(room, signal) {
      try {
        return appointmentPhase(await api.appointment(vendorDataOf(room).appointmentId, signal), now());
      } catch (err) {
        // A deleted appointment: nobody can enter it any more.
        if (err instanceof ProblemError && err.code === 'room-not-found') return { phase: 'ended' };
        throw err;
      }
    },
  };
};
