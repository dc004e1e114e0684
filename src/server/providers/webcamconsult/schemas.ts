import * as v from 'valibot';

/** The doc's ids are 24 hex digits (`5492ba6da19ea682ea000001`); any short URL-safe id is accepted. */
export const VendorIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a webcamconsult id'));

/** A client's `authentication_token` (the doc's sample: `M94sNGjyKEH2U3yTxRAx`). */
export const ClientTokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,128}$/));

/** Instants as the doc writes them: `2015-07-01T15:41:24.306+02:00`. Parsed to epoch milliseconds. */
const InstantSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/),
  v.check((value) => !Number.isNaN(Date.parse(value))),
  v.transform((value) => Date.parse(value)),
);

/** A client as `GET /clients.json` lists it; only what we match on or hand out is read. */
const ClientSchema = v.object({
  id: VendorIdSchema,
  email: v.nullish(v.string()),
  last_name: v.nullish(v.string()),
  authentication_token: v.nullish(v.string()),
});
export type VendorClient = v.InferOutput<typeof ClientSchema>;

export const ClientListSchema = v.array(ClientSchema);

/** `POST /clients.json` -> `{ client: { id, … } }` (the doc's answer has no `authentication_token`). */
export const CreatedClientSchema = v.pipe(
  v.object({ client: v.object({ id: VendorIdSchema }) }),
  v.transform((answer) => answer.client.id),
);

const AppointmentSchema = v.object({
  id: VendorIdSchema,
  user_id: v.nullish(v.string()),
  client_id: v.nullish(v.string()),
  created_by_user_id: v.nullish(v.string()),
  date: InstantSchema,
  duration: v.nullish(v.number()),
  state: v.nullish(v.string()),
  started_at: v.nullish(InstantSchema),
});
export type VendorAppointment = v.InferOutput<typeof AppointmentSchema>;

/** `POST /appointments.json`, `GET` and `PUT /appointment/{id}.json` -> `{ appointment: { … } }`. */
export const AppointmentAnswerSchema = v.pipe(
  v.object({ appointment: AppointmentSchema }),
  v.transform((answer) => answer.appointment),
);

/** `GET /appointments.json` -> `[{ … }]`. */
export const AppointmentListSchema = v.array(AppointmentSchema);

/** A 422 answer: `{ "errors": { "email": ["is al in gebruik"] } }`; only the field names are ever read. */
export const ErrorsBodySchema = v.object({ errors: v.record(v.string(), v.unknown()) });

/** What we keep per room (`StoredRoom.vendorData`); the client token is a credential, sealed at rest. */
export const WebcamconsultVendorDataSchema = v.object({
  appointmentId: VendorIdSchema,
  clientId: VendorIdSchema,
  userId: VendorIdSchema,
  clientToken: v.optional(ClientTokenSchema),
});
export type WebcamconsultVendorData = v.InferOutput<typeof WebcamconsultVendorDataSchema>;
