import * as v from 'valibot';
import type { Plumbing } from '../internal/plumbing.js';
import type { MappedRefusal } from '../internal/status-problem.js';
import { isUnauthorized } from '../internal/vendor-error.js';
import { vendorPath } from '../internal/vendor-path.js';
import type { KaleyraOptions } from './options.js';
import { AccessLinkSchema, CreatedSchema, ErrorBodySchema, RoomDetailsSchema } from './schemas.js';

export const VENDOR = 'kaleyra';

/** The body of `POST` / `PATCH /teleconsultation`: participants as an object, start plus duration. */
export interface TeleconsultationBody {
  participants?: {
    number: number;
    data: { userExternalId: string; groups: string[]; fullName: string; language?: string }[];
  };
  start_date: string;
  duration_in_seconds: number;
}

/** The documented refusals, in our words (the vendor's text may quote ids or names). */
const refusal =
  (onUnauthorized: string, unauthorizedCode: MappedRefusal['code'] = 'vendor-rejected') =>
  (status: number, body: unknown): MappedRefusal | undefined => {
    const parsed = v.safeParse(ErrorBodySchema, body);
    const error = parsed.success ? (parsed.output.error ?? '') : '';
    if (status === 400 && error.includes('no plus user in room')) {
      return {
        code: 'vendor-rejected',
        detail: `${VENDOR} needs at least one participant with a 'plus' group (a clinician) in the room`,
      };
    }
    if (status === 401) return { code: unauthorizedCode, detail: onUnauthorized };
    if (status === 404)
      return { code: 'room-not-found', detail: `${VENDOR} does not know this teleconsultation` };
    return undefined;
  };

const keyRefused = `${VENDOR} refused our API key`;
const notYours = 'This visit was not set up for you. Please contact the clinic.';
const listedRefused = `${VENDOR} refused the access link of a participant listed for this room`;

export const createKaleyraApi = (options: KaleyraOptions, { http }: Plumbing) => {
  const apiKey: Record<string, string> = options.apiKey === undefined ? {} : { apikey: options.apiKey };

  return {
    create: (body: TeleconsultationBody, signal: AbortSignal) =>
      http.json(
        {
          method: 'POST',
          path: vendorPath`/teleconsultation`,
          json: body,
          headers: apiKey,
          signal,
          mapError: refusal(keyRefused),
        },
        CreatedSchema,
      ),

    /**
     * The access link of one participant: the backend answers for the user named in the identity headers,
     * and 401 "Unauthorized user" for anyone else. `listed` says whether the room was created with this
     * participant (undefined: a room stored before we kept the list). Someone we did not list gets
     * `forbidden-scope` at once. For a listed participant a 401 is the backend's hiccup, not a verdict
     * on the person: it is asked once more (a GET changes nothing), and a 401 that persists is
     * `vendor-rejected`, never "not set up for you". Unknown rooms get the retry, then the old reading.
     */
    accessLink: async (
      roomId: string,
      user: { id: string; groups: string[]; language: string | undefined },
      listed: boolean | undefined,
      signal: AbortSignal,
    ) => {
      const get = (onUnauthorized: ReturnType<typeof refusal>) =>
        http.json(
          {
            method: 'GET',
            path: vendorPath`/teleconsultation/${roomId}`,
            query: { language: user.language },
            headers: {
              ...apiKey,
              [options.userIdHeader]: user.id,
              [options.userGroupsHeader]: user.groups.join(','),
            },
            signal,
            mapError: onUnauthorized,
          },
          AccessLinkSchema,
        );
      const final = listed === true ? refusal(listedRefused) : refusal(notYours, 'forbidden-scope');
      if (listed === false) return get(final);
      try {
        return await get(final);
      } catch (err) {
        if (!isUnauthorized(err)) throw err;
      }
      return get(final);
    },

    /**
     * The room's details, asked for as one of its participants (the same GET as the access link: the
     * backend has no other read of a room).
     */
    details: (roomId: string, user: { id: string; groups: string[] }, signal: AbortSignal) =>
      http.json(
        {
          method: 'GET',
          path: vendorPath`/teleconsultation/${roomId}`,
          headers: {
            ...apiKey,
            [options.userIdHeader]: user.id,
            [options.userGroupsHeader]: user.groups.join(','),
          },
          signal,
          mapError: refusal(`${VENDOR} no longer counts this room's observer as a participant`),
        },
        RoomDetailsSchema,
      ),

    update: (roomId: string, body: Partial<TeleconsultationBody>, signal: AbortSignal) =>
      http.send({
        method: 'PATCH',
        path: vendorPath`/teleconsultation/${roomId}`,
        json: body,
        headers: apiKey,
        signal,
        mapError: refusal(keyRefused),
      }),

    remove: (roomId: string, signal: AbortSignal) =>
      http.send({
        method: 'DELETE',
        path: vendorPath`/teleconsultation/${roomId}`,
        headers: apiKey,
        signal,
        mapError: refusal(keyRefused),
      }),
  };
};
