import * as v from 'valibot';
import { baseUrlSchema, originSchema, plumbingEntries, secretSchema } from '../internal/plumbing-options.js';
import { AuviousIdSchema } from './schemas.js';

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

export const AuviousOptionsSchema = v.pipe(
  v.object({
    /** The appointments service root (the doc's paths start with `/api/appointments`). */
    baseUrl: baseUrlSchema,
    /** The Auvious application the appointments belong to (overlap check, schedule). */
    applicationId: AuviousIdSchema,
    /** Origins of the activation ticket `url`s (the doc's sample: https://video.auvious.com). */
    joinOrigins: v.optional(v.pipe(v.array(originSchema), v.minLength(1)), ['https://video.auvious.com']),
    /** A ready-made JWT (from env, read once at start). A 401 is final: there is nothing to renew it with. */
    accessToken: v.optional(secretSchema('accessToken')),
    /**
     * A file that holds the JWT (a mounted secret that an outside job rotates): read when needed, again
     * before the token's `exp` and once after a 401.
     */
    accessTokenFile: v.optional(v.pipe(v.string(), v.minLength(1))),
    /** OAuth 2 client credentials grant (RFC 6749 §4.4): the token endpoint, https only. */
    tokenUrl: v.optional(
      v.pipe(
        baseUrlSchema,
        v.check((value) => value.startsWith('https:'), 'tokenUrl must be https'),
      ),
    ),
    clientId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
    clientSecret: v.optional(secretSchema('clientSecret')),
    /** `scope` for the token request, when the authorization server wants one. */
    scope: v.optional(v.pipe(v.string(), v.regex(/^[\x21\x23-\x5B\x5D-\x7E ]{1,512}$/))),
    /** How the client authenticates at `tokenUrl`: HTTP Basic (RFC 6749 §2.3.1, default) or form fields. */
    clientAuth: v.optional(v.picklist(['basic', 'body']), 'basic'),
    /** Auvious user id (`userId` of "Add agent") per clinician e-mail, as the clinic lists its clinicians. */
    agents: v.optional(v.record(v.pipe(v.string(), v.email()), AuviousIdSchema), {}),
    /** The agent for clinicians without an entry in `agents` (or without an e-mail). */
    defaultAgentUserId: v.optional(AuviousIdSchema),
    /** IANA zone sent with schedule and reschedule (the vendor's notifications print local times in it). */
    timezone: v.optional(v.pipe(v.string(), v.check(isTimeZone, 'an IANA time zone')), 'UTC'),
    /** Locale when the patient has no language (BCP 47, as the doc's request examples write it). */
    locale: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)), 'en-GB'),
    /** Appointments of the application that may overlap a new one (the overlap check); 0: none. */
    maxOverlapping: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)), 0),
    /** Page size of the lookup that finds our appointment after a timed-out schedule. */
    lookupPageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 50),
    ...plumbingEntries,
  }),
  v.check((o) => {
    const oauth = [o.tokenUrl, o.clientId, o.clientSecret].filter((x) => x !== undefined).length;
    const ways = [o.accessToken !== undefined, o.accessTokenFile !== undefined, oauth > 0].filter(Boolean);
    return ways.length === 1 && (oauth === 0 || oauth === 3);
  }, 'give exactly one of accessToken, accessTokenFile, or tokenUrl with clientId and clientSecret'),
);

export type AuviousOptionsInput = v.InferInput<typeof AuviousOptionsSchema>;
export type AuviousOptions = v.InferOutput<typeof AuviousOptionsSchema>;
