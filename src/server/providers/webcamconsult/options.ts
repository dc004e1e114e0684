import * as v from 'valibot';
import { baseUrlSchema, plumbingEntries, secretSchema } from '../internal/plumbing-options.js';
import { CLINICIAN_PLACEHOLDERS, joinTemplateSchema, PATIENT_PLACEHOLDERS } from './join-template.js';
import { VendorIdSchema } from './schemas.js';

/** The organisation's token goes into an `Authorization: Token token=…` header: printable, no quotes or commas. */
const apiTokenSchema = v.pipe(
  secretSchema('apiToken'),
  v.regex(/^[\x21\x23-\x2b\x2d-\x7e]+$/, 'apiToken must be printable ASCII without spaces, quotes or commas'),
);

const clinicianEmail = v.pipe(
  v.string(),
  v.email('users keys are clinician e-mail addresses'),
  v.transform((email) => email.toLowerCase()),
);

export const WebcamconsultOptionsSchema = v.pipe(
  v.object({
    /**
     * The API root. The doc's examples say `http://eapi.webcamconsult.com/`; we only send the token over
     * https (http only for localhost).
     */
    baseUrl: v.optional(baseUrlSchema, 'https://eapi.webcamconsult.com'),
    /** The organisation's API token (one per organisation/instance), sent as `Authorization: Token token=…`. */
    apiToken: apiTokenSchema,
    /**
     * The patient's join link: the doc has no join endpoint, so the link is built from this template, e.g.
     * `https://consult.webcamconsult.com/consult/{appointmentId}?token={clientToken}`. Placeholders:
     * `{appointmentId}`, `{clientId}`, `{clientToken}` (the client's `authentication_token`).
     */
    joinUrlTemplate: joinTemplateSchema(PATIENT_PLACEHOLDERS),
    /**
     * The clinician's join link, placeholders `{appointmentId}` and `{userId}` (never the client's token).
     * Without it clinicians open the appointment in webcamconsult itself, and a clinician join is refused.
     */
    clinicianJoinUrlTemplate: v.optional(joinTemplateSchema(CLINICIAN_PLACEHOLDERS)),
    /** Clinician e-mail (as in the room's participant list) -> webcamconsult user id (`user_id`). */
    users: v.optional(v.record(clinicianEmail, VendorIdSchema), {}),
    /** The webcamconsult user for a clinician not in `users` (or rooms opened by staff or a booking). */
    defaultUserId: v.optional(VendorIdSchema),
    /**
     * A webcamconsult user reserved for this server, sent as `created_by_user_id`. With it, a create that
     * timed out adopts the one appointment this user created for the same client, user, date and duration;
     * without it nothing is adopted (the timeout stands).
     */
    integrationUserId: v.optional(VendorIdSchema),
    /** Sent as the appointment's `division_id` and a new client's `division_ids`. */
    divisionId: v.optional(VendorIdSchema),
    ...plumbingEntries,
  }),
  v.check(
    (o) => o.defaultUserId !== undefined || Object.keys(o.users).length > 0,
    'set users (clinician e-mail -> webcamconsult user id) or defaultUserId: appointments need a user_id',
  ),
);

export type WebcamconsultOptionsInput = v.InferInput<typeof WebcamconsultOptionsSchema>;
export type WebcamconsultOptions = v.InferOutput<typeof WebcamconsultOptionsSchema>;
