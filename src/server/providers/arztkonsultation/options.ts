import * as v from 'valibot';
import { plumbingEntries, secretSchema } from '../internal/plumbing-options.js';

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const isBareHost = (value: string): boolean => {
  try {
    const url = new URL(`https://${value}`);
    return (
      url.host === value.toLowerCase() && url.pathname === '/' && url.search === '' && url.username === ''
    );
  } catch {
    return false;
  }
};

/**
 * The deployment's host name: the vendor gives each customer one (sandbox: `app-sandbox.arztkonsultation.de`).
 * API calls and join links both live on it, always over https.
 */
const hostSchema = v.pipe(
  v.string(),
  v.check(isBareHost, 'a host name such as app-sandbox.arztkonsultation.de (no scheme or path)'),
  v.transform((value) => value.toLowerCase()),
);

const UNIT_MESSAGE =
  'set to "seconds" or "minutes": the unit of createScopedToken valid_for is not documented; confirm it with arztkonsultation for this deployment';

export const ArztkonsultationOptionsSchema = v.object(
  {
    host: hostSchema,
    /** Client API credentials (`POST /api/v2/client`). */
    clientId: secretSchema('clientId'),
    clientSecret: secretSchema('clientSecret'),
    /**
     * The ak account that organises the calls: its user token (`/api/ext/authenticateUser`) creates them,
     * and clinician links are scoped tokens for it. Typically the doctor's or the department's account.
     */
    organizerEmail: v.pipe(v.string(), v.email()),
    /** Further ak users (ids) added to every call as `additional_callees`. */
    additionalCalleeIds: v.optional(v.array(int(1, Number.MAX_SAFE_INTEGER)), []),
    /** Patients enter through the vendor's waiting area (`/video/login?tan=`), configured by the vendor. */
    waitingArea: v.optional(v.boolean(), false),
    /** Send the vendor's own invitation e-mail to the patient (`tan_email`). Off: we hand out the links. */
    notifyPatientByEmail: v.optional(v.boolean(), false),
    /**
     * The unit of `createScopedToken`'s `valid_for`. The doc's only example is `60` with no unit: read as
     * minutes when the vendor means seconds, every clinician link dies within seconds while we report minutes.
     * Required, with no default: confirm it with arztkonsultation for your deployment.
     */
    scopedTokenValidForUnit: v.picklist(['seconds', 'minutes'], UNIT_MESSAGE),
    /** Longest lifetime we ever ask for a clinician's scoped token, whatever the server requests. */
    maxLinkTtlSeconds: v.optional(int(60, 86_400), 900),
    /** Token lifetime assumed when a vendor token is not a JWT with `exp` (the doc shows 1 h JWTs). */
    assumedTokenTtlSeconds: v.optional(int(60, 86_400), 3_600),
    ...plumbingEntries,
  },
  // A missing key is reported by the object, not by the entry: give the unit its own words there too.
  (issue) => (issue.expected === '"scopedTokenValidForUnit"' ? UNIT_MESSAGE : issue.message),
);

export type ArztkonsultationOptionsInput = v.InferInput<typeof ArztkonsultationOptionsSchema>;
export type ArztkonsultationOptions = v.InferOutput<typeof ArztkonsultationOptionsSchema>;
