import { ProblemError } from '../../problem-error.js';
import { createOrAdopt } from '../internal/create-or-adopt.js';
import { checkJoinUrl } from '../internal/join-url.js';
import type { CreatedRoom, Participant, ProviderRoomState, RoomSpec } from '../types.js';
import { VENDOR, type ApizeeApi } from './api.js';
import { displayName } from './display-name.js';
import { apizeePhase, findOwn } from './room-state.js';
import type { ApizeeConferenceOptions } from './options.js';
import type { ApizeeVendorData } from './schemas.js';

type ConferenceData = Extract<ApizeeVendorData, { mode: 'conference' }>;

const wrongMode = () =>
  new ProblemError('internal', undefined, { reason: `${VENDOR} room is not a conference` });

/** "Video Meeting" rooms: one conference per room, named with our room id so it can be found again. */
export const conferenceRooms = (options: ApizeeConferenceOptions, api: ApizeeApi) => ({
  allowedOrigins: options.joinOrigins,
  clinicianLink: false,
  waitingArea: options.moderation,

  async create(spec: RoomSpec, signal: AbortSignal): Promise<CreatedRoom> {
    const contacts = spec.participants.map((p) => p.email ?? p.phone).filter((c): c is string => !!c);
    if (contacts.length === 0) {
      throw new ProblemError(
        'bad-request',
        `${VENDOR} conferences need an e-mail or phone number of a participant`,
      );
    }
    const params = {
      participants: contacts.join(','),
      name: spec.roomId,
      moderation: options.moderation,
      moderator: options.moderator,
      invite: options.invite ? true : undefined,
    };
    const conference = await createOrAdopt(
      () => api.createConference(params, signal),
      async () =>
        (await api.searchConferences(spec.roomId, signal)).data.filter((c) => c.name === spec.roomId),
    );
    const url = checkJoinUrl(VENDOR, conference.url, options.joinOrigins);
    const data: ConferenceData = { mode: 'conference', conferenceId: conference.id, url: url.href };
    return { vendorRoomId: String(conference.id), vendorData: data };
  },

  /**
   * Everyone gets the conference URL; `name` makes Apizee skip its login card. A configured moderator
   * must log in to admit the others, so the clinician's link then has no `name`.
   */
  /** The conference's `status`, found by our room id (its name) and its id. */
  async state(data: ApizeeVendorData, roomId: string, signal: AbortSignal): Promise<ProviderRoomState> {
    if (data.mode !== 'conference') throw wrongMode();
    const own = findOwn((await api.conferenceStates(roomId, signal)).data, data.conferenceId);
    return { phase: apizeePhase(own.status) };
  },

  link(data: ApizeeVendorData, participant: Participant): URL {
    if (data.mode !== 'conference') throw wrongMode();
    const url = checkJoinUrl(VENDOR, data.url, options.joinOrigins);
    if (participant.role === 'patient' || options.moderator === undefined) {
      url.searchParams.set('name', displayName(participant));
    }
    return url;
  },
});
