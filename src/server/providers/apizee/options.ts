import * as v from 'valibot';
import { baseUrlSchema, originSchema, plumbingEntries, secretSchema } from '../internal/plumbing-options.js';

const origins = v.pipe(v.array(originSchema), v.minLength(1));
const login = v.pipe(v.string(), v.minLength(1), v.maxLength(255));

const common = {
  /** The API root; the doc's examples use `https://cloud.apizee.com/api`. */
  baseUrl: v.optional(baseUrlSchema, 'https://cloud.apizee.com/api'),
  /** The Apizee account the server acts as (`/token`, grant_type=password); or give `accessToken`. */
  username: v.optional(secretSchema('username')),
  password: v.optional(secretSchema('password')),
  /** A ready-made access token (from env): sent as the bearer, and `/token` is never called. */
  accessToken: v.optional(secretSchema('accessToken')),
  /**
   * Where `/token` gets the credentials: form-encoded in the `body` (RFC 6749 §4.3, the default), so the
   * password stays out of URLs and access logs; or as `query` parameters, as Apizee's reference shows.
   */
  credentialsIn: v.optional(v.picklist(['query', 'body']), 'body'),
  /** Ask Apizee to send its own invitations (`invite=1`). Off: we hand out the links. */
  invite: v.optional(v.boolean(), false),
  /** Lookup after a create timed out: how many results to ask for. */
  searchLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 100),
  ...plumbingEntries,
};

/** "Video Meeting": `POST /conferences`; every participant gets the conference `url` (+ `name`). */
export const ApizeeConferenceOptionsSchema = v.object({
  mode: v.literal('conference'),
  /** Login of the moderator (usually the clinician's Apizee account). */
  moderator: v.optional(login),
  /** Participants wait until the moderator admits them (Apizee's waiting room). */
  moderation: v.optional(v.boolean(), true),
  /** Origins of conference URLs. */
  joinOrigins: v.optional(origins, ['https://meet.apizee.com']),
  ...common,
});

/** "Video Assistance": `POST /tickets`; the patient gets `requestor_url`, the clinician the agent entry point. */
export const ApizeeTicketOptionsSchema = v.object({
  mode: v.literal('ticket'),
  /** Login (username) of the agent who handles the tickets. */
  agent: login,
  /** Entry point (`button_id`) for the agent link when an answer lacks it (the ticket list does). */
  entrypointId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Origins of `requestor_url` (patient side). */
  requestorOrigins: v.optional(origins, ['https://diag.apizee.com']),
  /** Origins of `agent_url` (clinician side, the Apizee portal). */
  agentOrigins: v.optional(origins, ['https://cloud.apizee.com']),
  ...common,
});

/** Exactly one way to authenticate: a ready-made token, or the account for `/token`. */
const oneCredential = (o: { username?: string; password?: string; accessToken?: string }): boolean =>
  o.accessToken === undefined
    ? o.username !== undefined && o.password !== undefined
    : o.username === undefined && o.password === undefined;

export const ApizeeOptionsSchema = v.pipe(
  v.variant('mode', [ApizeeConferenceOptionsSchema, ApizeeTicketOptionsSchema]),
  v.check((o) => oneCredential(o), 'give either accessToken, or username and password (not both)'),
);

export type ApizeeOptionsInput = v.InferInput<typeof ApizeeOptionsSchema>;
export type ApizeeOptions = v.InferOutput<typeof ApizeeOptionsSchema>;
export type ApizeeConferenceOptions = v.InferOutput<typeof ApizeeConferenceOptionsSchema>;
export type ApizeeTicketOptions = v.InferOutput<typeof ApizeeTicketOptionsSchema>;
