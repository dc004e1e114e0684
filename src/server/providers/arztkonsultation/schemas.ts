import * as v from 'valibot';

/** Call ids are numbers in the doc's answers (`call['data']['id']`) and strings in its delete example. */
const CallIdSchema = v.union([
  v.pipe(v.number(), v.integer(), v.minValue(1)),
  v.pipe(v.string(), v.regex(/^\d{1,18}$/)),
]);

/** The doc's TANs look like `FtUD-tu5e-ZsBA`; anything else would be a surprise worth refusing. */
const TanSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{4,64}$/));

/** `start`, `end`: the doc's examples wrap such times in int(), so strings of digits occur. */
const IntLikeSchema = v.union([
  v.pipe(v.number(), v.integer()),
  v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)),
]);

const nonEmpty = v.pipe(v.string(), v.minLength(1));

const CallUserSchema = v.object({ role_name: v.string(), tan: v.nullish(v.string()) });

/** A call as `POST /api/v2/calls` returns it: only its id and the TAN user's TAN are read. */
export const CallSchema = v.object({
  id: CallIdSchema,
  users: v.optional(v.array(CallUserSchema), []),
});

export type VendorCall = v.InferOutput<typeof CallSchema>;

/** The TAN of the call's `tanuser` (the patient seat), if it has a well-formed one. */
export const tanOf = (call: VendorCall): string | undefined => {
  const tan = call.users.find((user) => user.role_name === 'tanuser')?.tan;
  return v.is(TanSchema, tan) ? tan : undefined;
};

/** `POST /api/v2/calls` -> `{ data: { id, users: [{ role_name: 'tanuser', tan }, …] } }`. */
export const CreatedCallSchema = v.pipe(
  v.object({ data: CallSchema }),
  v.check((answer) => tanOf(answer.data) !== undefined, 'the call has no tanuser with a TAN'),
  v.transform((answer) => ({ callId: answer.data.id, tan: tanOf(answer.data) as string })),
);

/**
 * `POST /api/v2/client`. The doc's Client API example reads `access_token`, its OTP example reads `token`
 * from the same endpoint; we accept either and prefer `token`.
 */
export const ClientLoginSchema = v.pipe(
  v.object({ token: v.optional(nonEmpty), access_token: v.optional(nonEmpty) }),
  v.check((answer) => answer.token !== undefined || answer.access_token !== undefined, 'no token'),
  v.transform((answer) => (answer.token ?? answer.access_token) as string),
);

/** `POST /api/ext/authenticateUser` -> `{ access_token }`. */
export const UserTokenSchema = v.pipe(
  v.object({ access_token: nonEmpty }),
  v.transform((answer) => answer.access_token),
);

/** `POST /api/ext/createScopedToken` -> `{ token }`. */
export const ScopedTokenSchema = v.pipe(
  v.object({ token: nonEmpty }),
  v.transform((answer) => answer.token),
);

/** What we keep per room (`StoredRoom.vendorData`). The TAN is the patient's credential: store it as one. */
export const ArztVendorDataSchema = v.object({ callId: CallIdSchema, tan: TanSchema });
export type ArztVendorData = v.InferOutput<typeof ArztVendorDataSchema>;

/**
 * `GET /api/v2/calllogs?call_id=` -> `{ data: [{ …, end }] }`. The doc's "Extended call logs" reads `end`
 * (epoch seconds, absent or empty while unset) from `data[0]`; `start` and `call_id` are read when there.
 */
export const CallLogListSchema = v.object({
  data: v.array(
    v.object({
      call_id: v.nullish(CallIdSchema),
      start: v.nullish(v.union([IntLikeSchema, v.literal('')])),
      end: v.nullish(v.union([IntLikeSchema, v.literal('')])),
    }),
  ),
});

export type CallLog = v.InferOutput<typeof CallLogListSchema>['data'][number];
