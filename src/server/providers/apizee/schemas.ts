import * as v from 'valibot';

const IdSchema = v.pipe(v.number(), v.integer(), v.minValue(1));
const UrlSchema = v.pipe(v.string(), v.url());
/** `end_time` as in the doc (`2023-07-13T09:28:31+00:00`). */
const TimeSchema = v.pipe(
  v.string(),
  v.check((value) => !Number.isNaN(Date.parse(value)), 'a date'),
  v.transform((value) => new Date(value).toISOString()),
);

/** `POST /token` -> `{ access_token, created_at, expires_in }` (expires_in in seconds). */
export const TokenSchema = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.optional(v.pipe(v.number(), v.minValue(1))),
});

/** A conference as `POST /conferences` and `GET /conferences` return it. */
export const ConferenceSchema = v.object({
  id: IdSchema,
  name: v.nullish(v.string()),
  url: UrlSchema,
  end_time: v.nullish(TimeSchema),
});

export const ConferenceListSchema = v.object({ data: v.array(ConferenceSchema) });

/**
 * A ticket. `POST /tickets` with scope `sso` adds `agent_url`, `button_id` and `sso_url`; the list
 * (`GET /tickets?reference=`) has neither. `sso_url` is deliberately not read: it logs the agent into the
 * whole portal (not one room), lives minutes, and must never be stored or handed out.
 */
export const TicketSchema = v.object({
  id: IdSchema,
  reference: v.nullish(v.string()),
  requestor_url: UrlSchema,
  agent_url: v.nullish(UrlSchema),
  button_id: v.nullish(IdSchema),
  end_time: v.nullish(TimeSchema),
});

export const TicketListSchema = v.object({ data: v.array(TicketSchema) });

const StatusSchema = v.pipe(v.string(), v.minLength(1));

/** `GET /conferences?search=` for the live state: each conference's `status` ("scheduled", "ongoing", …). */
export const ConferenceStatusListSchema = v.object({
  data: v.array(v.object({ id: IdSchema, name: v.nullish(v.string()), status: StatusSchema })),
});

/**
 * `GET /tickets?reference=` for the live state: the list shows `state` ("invited", "done"), the create
 * answer both `state` and `status`; one of them must be there.
 */
export const TicketStatusListSchema = v.object({
  data: v.array(
    v.pipe(
      v.object({
        id: IdSchema,
        reference: v.nullish(v.string()),
        state: v.optional(StatusSchema),
        status: v.optional(StatusSchema),
      }),
      v.check((t) => t.state !== undefined || t.status !== undefined, 'a ticket needs a state'),
    ),
  ),
});

export type Conference = v.InferOutput<typeof ConferenceSchema>;
export type Ticket = v.InferOutput<typeof TicketSchema>;

/** What we keep per room. The conference URL and requestor URL are room credentials: store them as such. */
export const ApizeeVendorDataSchema = v.variant('mode', [
  v.object({
    mode: v.literal('conference'),
    conferenceId: IdSchema,
    url: UrlSchema,
    endsAt: v.nullish(v.string()),
  }),
  v.object({
    mode: v.literal('ticket'),
    ticketId: IdSchema,
    requestorUrl: UrlSchema,
    agentUrl: UrlSchema,
    buttonId: v.nullish(IdSchema),
    endsAt: v.nullish(v.string()),
  }),
]);

export type ApizeeVendorData = v.InferOutput<typeof ApizeeVendorDataSchema>;
