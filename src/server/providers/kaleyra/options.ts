import * as v from 'valibot';
import { baseUrlSchema, originSchema, plumbingEntries, secretSchema } from '../internal/plumbing-options.js';

const headerName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/));
const groupList = v.pipe(v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/))), v.minLength(1));

export const KaleyraOptionsSchema = v.object({
  /** Where the hospital's Teleconsultation Service Backend is exposed (the doc's `https://my_project_url`). */
  baseUrl: baseUrlSchema,
  /** Sent as the `apikey` header, as in the doc's examples; omit when the backend is reached without one. */
  apiKey: v.optional(secretSchema('apiKey')),
  /** Origins of the `accessLinkURL`s (the company's Kaleyra/Bandyer domain, e.g. https://acme.bandyer.com). */
  joinOrigins: v.pipe(v.array(originSchema), v.minLength(1)),
  /**
   * Headers that tell the backend on whose behalf we ask for an access link. The backend reads the user
   * from the platform's authentication headers; these are the Mia-Platform defaults.
   */
  userIdHeader: v.optional(headerName, 'miauserid'),
  userGroupsHeader: v.optional(headerName, 'miausergroups'),
  /** Kaleyra groups per role (`privileges.$.groups` of the backend's configuration). */
  groups: v.optional(v.object({ patient: groupList, clinician: groupList }), {
    patient: ['patient'],
    clinician: ['doctor'],
  }),
  /** Room language when the participant's is neither `it` nor `en` (the only ones the doc supports). */
  defaultLanguage: v.optional(v.picklist(['it', 'en'])),
  ...plumbingEntries,
});

export type KaleyraOptionsInput = v.InferInput<typeof KaleyraOptionsSchema>;
export type KaleyraOptions = v.InferOutput<typeof KaleyraOptionsSchema>;
