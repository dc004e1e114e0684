/**
 * Apizee adapter, in one of two modes chosen by config.
 *
 * Source: `vendor-docs/apizee-rest-api.md`. Endpoints, below `baseUrl` (default `https://cloud.apizee.com/api`),
 * all but `/token` with `Authorization: Bearer <token>`:
 * - `POST /token` (grant_type=password, username, password) -> {access_token, expires_in}, unless a
 *   ready-made access token is configured
 * - mode `conference` ("Video Meeting"): `POST /conferences?participants=&name=&moderation=&moderator=
 *   [&invite=]` -> {id, url, short_url, …}; lookup `GET /conferences?search=`
 * - mode `ticket` ("Video Assistance"): `POST /tickets?agent=&email=|phone=&reference=&scope=sso[&invite=1]`
 *   -> {id, requestor_url, agent_url, button_id, sso_url, …}; lookup `GET /tickets?reference=`
 * Links: conference `url` + `name` for every participant; ticket `requestor_url` for the patient and the
 * agent entry point `agent_url/entrypoint/{button_id}/tickets/{id}` for the clinician. The iframe needs
 * `geolocation` (the doc's iframe example allows it).
 *
 * Assumptions where the doc is ambiguous (also in docs/providers.md):
 * - `/token` is only named in our doc (its details are "elsewhere"). Two ways to authenticate, exactly one
 *   configured: a ready-made `accessToken` (then `/token` is never called; a 401 is final, there is nothing
 *   to log in with), or `username`/`password` for `POST /token` with grant_type=password. Those go
 *   form-encoded in the body by default (RFC 6749 §4.3), so the password stays out of URLs and the vendor's
 *   access logs; `credentialsIn: 'query'` sends them as query parameters as Apizee's authentication
 *   reference shows. Answer {access_token, created_at, expires_in}; without `expires_in` we read a JWT
 *   `exp`, else assume 1 h.
 * - Parameters go in the query string with an empty body, as in the doc's conference example; the doc has
 *   no ticket example and we do the same.
 * - The conference `name` is our room id (unique, not personal), so `GET /conferences?search=` finds it;
 *   `search` is a keyword match, so results are filtered to an exact name. Tickets carry our room id as
 *   `reference`. After a create timed out, one exact match is adopted, none creates once more, several
 *   leave the timeout standing.
 * - `url` is used, not `short_url`: the short link is a redirect through another host (apz.fr), and `name`
 *   must reach the conference page itself.
 * - `participants` (mandatory) lists every participant's e-mail or phone; with none we refuse the room.
 * - A configured `moderator` logs in to admit participants, so the clinician's conference link has no
 *   `name`; without a moderator everyone's link has one. In conference mode every role gets the same kind
 *   of link (capability `clinicianLink: false`): the URL itself grants no host rights.
 * - `sso_url` is never used: it signs the agent into the whole portal (not one room) for minutes. The
 *   clinician link is the agent entry point, where the agent uses their own Apizee login. The ticket list
 *   lacks `agent_url`/`button_id`; an adopted ticket falls back to `agentOrigins[0]` and `entrypointId`.
 * - The doc documents no cancel or delete: `capabilities.cancel` is false and `cancelRoom` refuses with
 *   `not-supported` (409) without calling Apizee.
 * - The doc has no scheduling parameters; rooms are created with Apizee's defaults and a link reports the
 *   later of the appointment's end and the requested TTL as its expiry.
 * - Live state: the doc has no read of one conference or ticket, so the state poll uses the documented
 *   lookups (`GET /conferences?search={room id}`, `GET /tickets?reference={room id}`) and picks the
 *   room's own entry by id. Conference `status` "scheduled" -> open, "ongoing" -> live; ticket `state`
 *   "invited" -> open, "done" -> ended; other values per `apizee/room-state.ts` (unknown -> open). No
 *   participant count is documented.
 */
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { createApizeeApi, VENDOR } from './apizee/api.js';
import { conferenceRooms } from './apizee/conference.js';
import { ApizeeOptionsSchema, type ApizeeOptionsInput } from './apizee/options.js';
import { ApizeeVendorDataSchema, type ApizeeVendorData } from './apizee/schemas.js';
import { ticketRooms } from './apizee/ticket.js';
import type { ProviderDeps } from './internal/deps.js';
import { createPlumbing } from './internal/plumbing.js';
import type { StoredRoom, VideoProvider } from './types.js';

export { ApizeeOptionsSchema } from './apizee/options.js';
export type { ApizeeOptions, ApizeeOptionsInput } from './apizee/options.js';

export const createApizeeProvider = (input: ApizeeOptionsInput, deps?: ProviderDeps): VideoProvider => {
  const options = v.parse(ApizeeOptionsSchema, input);
  const plumbing = createPlumbing(VENDOR, options.baseUrl, options, deps);
  const api = createApizeeApi(options, plumbing);
  const { now } = plumbing.deps;

  const rooms = options.mode === 'conference' ? conferenceRooms(options, api) : ticketRooms(options, api);

  const dataOf = (room: StoredRoom): ApizeeVendorData => {
    const parsed = v.safeParse(ApizeeVendorDataSchema, room.vendorData);
    if (!parsed.success)
      throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without data` });
    return parsed.output;
  };

  return {
    name: VENDOR,
    capabilities: {
      cancel: false,
      clinicianLink: rooms.clinicianLink,
      waitingArea: rooms.waitingArea,
      postsMessages: false,
      roomNeedsParticipants: true,
      minLinkTtlSeconds: 0,
    },
    allowedOrigins: rooms.allowedOrigins,
    iframeAllow: ['geolocation'],

    createRoom: (spec, signal) => rooms.create(spec, signal),

    async joinLink({ room, participant, ttlSeconds }) {
      const url = rooms.link(dataOf(room), participant);
      const end = room.startsAt.getTime() + room.durationMinutes * 60_000;
      return { url: url.href, expiresAt: new Date(Math.max(end, now() + ttlSeconds * 1000)) };
    },

    roomState: (room, signal) => rooms.state(dataOf(room), room.id, signal),

    async cancelRoom() {
      throw new ProblemError('not-supported', `${VENDOR} offers no documented way to cancel a room`, {
        reason: 'cancelRoom called although capabilities.cancel is false',
      });
    },
  };
};
