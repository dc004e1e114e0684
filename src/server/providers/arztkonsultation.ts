/**
 * arztkonsultation (ak) adapter.
 *
 * Source: `vendor-docs/arztkonsultation-api-examples.md` (the vendor's Colab code examples). Endpoints, all
 * on `https://{host}` with the host from config (sandbox `app-sandbox.arztkonsultation.de`, production is
 * per customer):
 * - `POST /api/v2/client` {client_id, pw} -> client token (Client API)
 * - `POST /api/ext/authenticateUser` {email} (client token) -> {access_token}: the organizer's user token
 * - `POST /api/v2/calls` {duration, begin, tan_username, [tan_email], call_type: 'tan',
 *   [additional_callees: [{user_id}]]} (user token) -> {data: {id, users: [{role_name: 'tanuser', tan}]}}
 * - `POST /api/ext/createScopedToken` {email, valid_for, scope_type: 'call', scope_id}
 *   (client token) -> {token}
 * - `DELETE /api/v2/calls/{id}` (client token) -> 204; refused once the call has taken place
 * - `GET /api/v2/calllogs?call_id=` (client token) -> {data: [{…, end}]}: live state
 * Links: patient `/video/{callId}?tan={tan}` or, with the waiting area, `/video/login?tan={tan}`;
 * clinician `/video/{callId}?tid=` + base64(scoped token).
 *
 * Assumptions where the doc is ambiguous (also in docs/providers.md):
 * - The client login answer's field is `token` in the OTP example and `access_token` in the Client API
 *   example: both are accepted, `token` preferred.
 * - No token lifetime is documented. The sample token is a JWT valid for 1 h, so we read its `exp`; for an
 *   opaque token we assume `assumedTokenTtlSeconds`. A 401 re-logs in once either way.
 * - Call logs and deleting calls use the client token, as the doc's "Extended call logs" and "Delete Call"
 *   examples do (their `token` comes from the Client API `login()`).
 * - The refusal to delete a call that already ran has no documented status: any 4xx except 401/404/429 on
 *   DELETE becomes `room-ended` (409); 404 becomes `room-not-found`.
 * - The API has no idempotency key, and no call field that the vendor stores and returns is ours to mark
 *   the call with (the doc's calls carry begin, duration, TAN user name and e-mail, callees: a begin second
 *   and "Patient" are shared by any two first joins in the same second). So a call found after
 *   `POST /api/v2/calls` timed out could be another appointment's, and handing its TAN out would put a
 *   patient into a stranger's visit. The timeout therefore stands (`vendor-timeout`), nothing is adopted
 *   or created again, and no room is stored: the next join creates the call afresh. A call the vendor
 *   made before the timeout stays behind unused (no TAN of it is ever handed out).
 * - One patient (the TAN user) per call; the doc's multi-TAN-user variant is not used. The patient may be
 *   unknown when the call is created (the doc: "a TAN user will always be created").
 * - `tan_username` is the patient's display name (the doctor sees it), "Patient" when we have none;
 *   `tan_email` is sent only with `notifyPatientByEmail` (we hand out the links ourselves).
 * - Clinician links are scoped tokens for the configured organizer account (the doc mints them for the
 *   organizer's e-mail). The unit of `valid_for` is not documented (the only example is `60`), so it is a
 *   required setting, `scopedTokenValidForUnit`, never a guess: in seconds the token lives the requested
 *   TTL, in minutes the TTL rounded up to whole minutes (min. 1); at most `maxLinkTtlSeconds` either way,
 *   and the expiry we report is exactly what we asked for. A clinician link is never built for a patient:
 *   the patient gets the TAN link only.
 * - The doc does not say when a TAN stops working; a patient link reports the later of the scheduled end and
 *   the requested TTL as its expiry.
 * - Live state comes from the call logs (the doc's "Extended call logs" asks `/api/v2/calllogs?call_id=`
 *   and reads `end`): an entry without `end` is a call in progress (`live`); none, the call has not run
 *   (`open`); all ended, it ran: `open` until the scheduled end (a dropped call can be resumed), `ended`
 *   after it. Calls carry a `status` too, but its values are undocumented and there is no documented
 *   read of one call (only the paged list), so it is not used.
 * - The doc pastes the base64 token into the URL raw; we percent-encode it (`+`, `/`, `=`), which decodes to
 *   the same value in any standard query parser.
 */
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { createArztApi, VENDOR, type NewCall } from './arztkonsultation/api.js';
import { clinicianLink, patientLink } from './arztkonsultation/links.js';
import { callPhase } from './arztkonsultation/room-state.js';
import {
  ArztkonsultationOptionsSchema,
  type ArztkonsultationOptions,
  type ArztkonsultationOptionsInput,
} from './arztkonsultation/options.js';
import { ArztVendorDataSchema } from './arztkonsultation/schemas.js';
import type { ProviderDeps } from './internal/deps.js';
import { createPlumbing } from './internal/plumbing.js';
import type { CreatedRoom, JoinLink, RoomSpec, StoredRoom, VideoProvider } from './types.js';

export { ArztkonsultationOptionsSchema } from './arztkonsultation/options.js';
export type { ArztkonsultationOptions, ArztkonsultationOptionsInput } from './arztkonsultation/options.js';

const MINUTE_MS = 60_000;

/**
 * The `valid_for` to ask for (in the configured unit) and the lifetime in seconds that it grants: the
 * requested TTL, rounded up to the unit, at least one unit and at most `maxLinkTtlSeconds`.
 */
const scopedTokenLifetime = (
  ttlSeconds: number,
  options: Pick<ArztkonsultationOptions, 'scopedTokenValidForUnit' | 'maxLinkTtlSeconds'>,
): { validFor: number; seconds: number } => {
  const unitSeconds = options.scopedTokenValidForUnit === 'minutes' ? 60 : 1;
  const cap = Math.max(1, Math.floor(options.maxLinkTtlSeconds / unitSeconds));
  const validFor = Math.min(Math.max(1, Math.ceil(ttlSeconds / unitSeconds)), cap);
  return { validFor, seconds: validFor * unitSeconds };
};

const vendorDataOf = (room: StoredRoom) => {
  const parsed = v.safeParse(ArztVendorDataSchema, room.vendorData);
  if (!parsed.success)
    throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without call data` });
  return parsed.output;
};

const newCallFor = (spec: RoomSpec, extras: { calleeIds: number[]; notify: boolean }): NewCall => {
  const patients = spec.participants.filter((p) => p.role === 'patient');
  if (patients.length > 1) throw new ProblemError('bad-request', `${VENDOR} calls have one patient`);
  // The patient may be unknown yet (the room is created for whoever joins first): the vendor creates
  // the TAN seat anyway ("a TAN user will always be created"), and the patient joins it later.
  const patient = patients[0];
  return {
    duration: spec.durationMinutes,
    begin: Math.floor(spec.startsAt.getTime() / 1000),
    tan_username: patient?.name?.trim() || 'Patient',
    ...(extras.notify && patient?.email ? { tan_email: patient.email } : {}),
    call_type: 'tan',
    ...(extras.calleeIds.length > 0
      ? { additional_callees: extras.calleeIds.map((user_id) => ({ user_id })) }
      : {}),
  };
};

export const createArztkonsultationProvider = (
  input: ArztkonsultationOptionsInput,
  deps?: ProviderDeps,
): VideoProvider => {
  const options = v.parse(ArztkonsultationOptionsSchema, input);
  const plumbing = createPlumbing(VENDOR, `https://${options.host}`, options, deps);
  const api = createArztApi(options, plumbing);
  const { now } = plumbing.deps;

  return {
    name: VENDOR,
    capabilities: {
      cancel: true,
      clinicianLink: true,
      waitingArea: options.waitingArea,
      postsMessages: false,
      roomNeedsParticipants: false,
      minLinkTtlSeconds: options.scopedTokenValidForUnit === 'minutes' ? 60 : 1,
    },
    allowedOrigins: [`https://${options.host}`],
    iframeAllow: [],

    async createRoom(spec: RoomSpec, signal: AbortSignal): Promise<CreatedRoom> {
      const call = newCallFor(spec, {
        calleeIds: options.additionalCalleeIds,
        notify: options.notifyPatientByEmail,
      });
      // Never retried nor looked up after a timeout: see the header (no call can be proven ours).
      const { callId, tan } = await api.createCall(call, signal);
      return { vendorRoomId: String(callId), vendorData: { callId, tan } };
    },

    async joinLink({ room, participant, ttlSeconds }, signal): Promise<JoinLink> {
      const { callId, tan } = vendorDataOf(room);
      if (participant.role === 'patient') {
        const end = room.startsAt.getTime() + room.durationMinutes * MINUTE_MS;
        const url = patientLink(options.host, options.waitingArea, callId, tan);
        return { url: url.href, expiresAt: new Date(Math.max(end, now() + ttlSeconds * 1000)) };
      }
      const lifetime = scopedTokenLifetime(ttlSeconds, options);
      const token = await api.scopedToken(callId, lifetime.validFor, signal);
      return {
        url: clinicianLink(options.host, callId, token).href,
        expiresAt: new Date(now() + lifetime.seconds * 1000),
      };
    },

    async cancelRoom(room: StoredRoom, signal: AbortSignal): Promise<void> {
      await api.deleteCall(vendorDataOf(room).callId, signal);
    },

    async roomState(room: StoredRoom, signal: AbortSignal) {
      const { callId } = vendorDataOf(room);
      const logs = await api.callLogs(callId, signal);
      const scheduledEnd = room.startsAt.getTime() + room.durationMinutes * MINUTE_MS;
      return callPhase(logs.data, callId, scheduledEnd, now());
    },
  };
};
