/**
 * Kaleyra adapter, through the Teleconsultation Service Backend (Mia-Platform).
 *
 * Source: `vendor-docs/kaleyra-teleconsultation-backend.md`. Endpoints, below the configured `baseUrl`:
 * - `POST /teleconsultation` {participants: {number, data: [{userExternalId, groups, fullName, language}]},
 *   start_date, duration_in_seconds} -> 201 {roomId}; 400 {"error": "…no plus user in room"}
 * - `GET /teleconsultation/{roomId}?language=it|en` -> {accessLinkURL, …}, for the requesting user;
 *   401 {"error": "Unauthorized user"} (not part of the room), 404 {"error": "Room with id … not found on CRUD"}
 * - `PATCH /teleconsultation/{roomId}` (same body, partial) -> 204: `rescheduleRoom`
 * - `DELETE /teleconsultation/{roomId}` -> 204
 *
 * Assumptions where the doc is ambiguous (also in docs/providers.md):
 * - Authentication: the doc documents no login; its examples send an `apikey` header, and the backend reads
 *   the user from the platform's authentication headers. So there is no vendor token to cache: we send the
 *   configured API key, and for an access link the participant's pseudonymous id and groups in
 *   `userIdHeader`/`userGroupsHeader` (Mia-Platform defaults `miauserid`/`miausergroups`). This requires the
 *   backend to be reached where those headers are trusted from the caller (not through a gateway that
 *   overwrites them). A 401 is therefore never "log in again": it is mapped and not retried.
 * - Participants: the doc says `groups`/`fullName` are "required if auth0 … not supported otherwise", but
 *   its example *without* auth0 is the one that sends them. We follow the example (we do not use auth0):
 *   every participant is sent with groups (config `groups`) and a display name, and `number` equals the
 *   count, so the Kaleyra room is created at once.
 * - `userExternalId` is our pseudonymous participant id; `fullName` the display name ("Patient" /
 *   "Clinician" when we have none).
 * - Duration: `start_date` + `duration_in_seconds`; under 300 s is refused by us before any call (the doc:
 *   "must be at least 5 minutes").
 * - Language: the doc supports `it` and `en`; other languages fall back to `defaultLanguage`, else the
 *   company default (parameter omitted).
 * - The doc says nothing about how long an `accessLinkURL` works; rooms are "unavailable" once their
 *   duration expires, so a link reports the later of the scheduled end and the requested TTL.
 * - The backend has no search endpoint, so after a `POST` timeout nothing can be looked up: the timeout
 *   is surfaced (the room may exist) and nothing is created again.
 * - 401 and 404 bodies are mapped by status; 400 by the documented "no plus user in room" text. A 401 on
 *   the access link means "a user not involved in the teleconsultation" (the doc): the room keeps the
 *   pseudonymous ids it was created with, and only someone outside that list gets `forbidden-scope`. For a
 *   listed participant the GET is asked once more, and a 401 that persists is `vendor-rejected`.
 * - Live state: `GET /teleconsultation/{roomId}` is the only read of a room, and the backend answers it
 *   for a participant only. So the room remembers one participant (a clinician if any) as its observer,
 *   and the state poll asks as them; the answer's `details` are mapped as `kaleyra/room-state.ts`
 *   explains (`status: "RUNNING"` or `live: true` -> live, else open; `disabled` is not read, its
 *   meaning is unclear from the sample). The same GET also returns that user's access link; the link is
 *   not used or kept. A 404 (the room was deleted, "TRASH" on the CRUD) reads as ended.
 */
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { checkJoinUrl } from './internal/join-url.js';
import type { ProviderDeps } from './internal/deps.js';
import { createPlumbing } from './internal/plumbing.js';
import { createKaleyraApi, VENDOR, type TeleconsultationBody } from './kaleyra/api.js';
import { KaleyraOptionsSchema, type KaleyraOptionsInput } from './kaleyra/options.js';
import { kaleyraPhase } from './kaleyra/room-state.js';
import { KaleyraVendorDataSchema } from './kaleyra/schemas.js';
import type { JoinRole } from '../../protocol/ticket.js';
import type { Participant, StoredRoom, VideoProvider } from './types.js';
import { supportedLanguage } from '../internal/language.js';

export { KaleyraOptionsSchema } from './kaleyra/options.js';
export type { KaleyraOptions, KaleyraOptionsInput } from './kaleyra/options.js';

const MIN_DURATION_SECONDS = 300;
const DEFAULT_NAMES: Record<JoinRole, string> = { patient: 'Patient', clinician: 'Clinician' };

/** Kaleyra rooms only: move a room in time (the backend may replace the Kaleyra room behind the same id). */
export interface KaleyraProvider extends VideoProvider {
  rescheduleRoom(
    room: StoredRoom,
    change: { startsAt: Date; durationMinutes: number },
    signal: AbortSignal,
  ): Promise<void>;
}

const durationSeconds = (minutes: number): number => {
  const seconds = Math.round(minutes * 60);
  if (!(seconds >= MIN_DURATION_SECONDS)) {
    throw new ProblemError('bad-request', `${VENDOR} rooms last at least 5 minutes`);
  }
  return seconds;
};

const vendorDataOf = (room: StoredRoom) => {
  const parsed = v.safeParse(KaleyraVendorDataSchema, room.vendorData);
  if (!parsed.success)
    throw new ProblemError('internal', undefined, { reason: `${VENDOR} room without roomId` });
  return parsed.output;
};
const roomIdOf = (room: StoredRoom): string => vendorDataOf(room).roomId;

/** Whom we ask for the room's details: a clinician (a 'plus' user) if there is one, else the first. */
const observerOf = (participants: Participant[]) => {
  const chosen = participants.find((p) => p.role === 'clinician') ?? participants[0];
  return chosen && { id: chosen.id, role: chosen.role };
};

export const createKaleyraProvider = (input: KaleyraOptionsInput, deps?: ProviderDeps): KaleyraProvider => {
  const options = v.parse(KaleyraOptionsSchema, input);
  const plumbing = createPlumbing(VENDOR, options.baseUrl, options, deps);
  const api = createKaleyraApi(options, plumbing);
  const { now } = plumbing.deps;

  const languageOf = (participant: Participant): string | undefined =>
    supportedLanguage(participant.language, ['it', 'en']) ?? options.defaultLanguage;

  return {
    name: VENDOR,
    capabilities: {
      cancel: true,
      clinicianLink: true,
      waitingArea: false,
      postsMessages: false,
      roomNeedsParticipants: true,
      minLinkTtlSeconds: 0,
    },
    allowedOrigins: options.joinOrigins,
    iframeAllow: [],

    async createRoom(spec, signal) {
      const body: TeleconsultationBody = {
        participants: {
          number: spec.participants.length,
          data: spec.participants.map((p) => ({
            userExternalId: p.id,
            groups: options.groups[p.role],
            fullName: p.name?.trim() || DEFAULT_NAMES[p.role],
            ...(languageOf(p) === undefined ? {} : { language: languageOf(p) }),
          })),
        },
        start_date: spec.startsAt.toISOString(),
        duration_in_seconds: durationSeconds(spec.durationMinutes),
      };
      const { roomId } = await api.create(body, signal);
      const observer = observerOf(spec.participants);
      const participants = spec.participants.map((p) => p.id);
      return {
        vendorRoomId: roomId,
        vendorData: { roomId, ...(observer ? { observer } : {}), participants },
      };
    },

    async joinLink({ room, participant, ttlSeconds }, signal) {
      const { roomId, participants } = vendorDataOf(room);
      const answer = await api.accessLink(
        roomId,
        { id: participant.id, groups: options.groups[participant.role], language: languageOf(participant) },
        participants?.includes(participant.id),
        signal,
      );
      const url = checkJoinUrl(VENDOR, answer.accessLinkURL, options.joinOrigins);
      const end = room.startsAt.getTime() + room.durationMinutes * 60_000;
      return { url: url.href, expiresAt: new Date(Math.max(end, now() + ttlSeconds * 1000)) };
    },

    async cancelRoom(room, signal) {
      await api.remove(roomIdOf(room), signal);
    },

    async roomState(room, signal) {
      const { roomId, observer } = vendorDataOf(room);
      if (!observer) {
        throw new ProblemError('vendor-rejected', `${VENDOR} live state is not available for this room`, {
          reason: 'room stored without an observer participant',
        });
      }
      try {
        const answer = await api.details(
          roomId,
          { id: observer.id, groups: options.groups[observer.role] },
          signal,
        );
        return kaleyraPhase(answer.details);
      } catch (error) {
        // Deleted rooms are "TRASH" on the backend's CRUD and answer 404: nobody can enter them any more.
        if (error instanceof ProblemError && error.code === 'room-not-found') return { phase: 'ended' };
        throw error;
      }
    },

    async rescheduleRoom(room, change, signal) {
      const body = {
        start_date: change.startsAt.toISOString(),
        duration_in_seconds: durationSeconds(change.durationMinutes),
      };
      await api.update(roomIdOf(room), body, signal);
    },
  };
};
