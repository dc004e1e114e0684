/**
 * Stable error codes. The server puts one in every problem+json body; the elements map each one to a
 * localized message. Codes are part of the public contract: add new ones, never rename.
 */
export const SERVER_ERRORS = {
  'bad-request': 400,
  'unsupported-media-type': 415,
  'ticket-missing': 401,
  'ticket-invalid': 401,
  'ticket-expired': 401,
  'ticket-not-yet-valid': 401,
  'ticket-stale': 401,
  'ticket-wrong-issuer': 401,
  'ticket-wrong-audience': 401,
  'ticket-wrong-type': 401,
  'ticket-replayed': 401,
  'forbidden-scope': 403,
  'forbidden-role': 403,
  /** The booking service takes only new (or only returning) patients, and the ticket does not say so. */
  'service-not-for-patient': 403,
  'origin-not-allowed': 403,
  'not-found': 404,
  'room-not-found': 404,
  /** `GET /v1/slots` (and booking) for a service the configuration does not name. */
  'unknown-service': 404,
  /** No schedule for this clinician (`/v1/schedules/:id`), or no such exception in it. */
  'schedule-not-found': 404,
  /** The path exists, the method does not; `Allow` lists the ones that do. */
  'method-not-allowed': 405,
  'room-ended': 409,
  /** The room's provider cannot do this (e.g. cancel a room: `capabilities.cancel` is false). */
  'not-supported': 409,
  /** `POST /v1/rooms` for an appointment whose room exists with another start, length or clinician. */
  'room-schedule-conflict': 409,
  /** The video vendor already has an appointment at that time (Auvious' overlap check). */
  'vendor-schedule-conflict': 409,
  /** `POST /v1/schedules` for a clinician who has one: change it with `PUT`. */
  'schedule-exists': 409,
  /** `If-Match` names a version of the schedule that another change replaced: read it again. */
  'schedule-changed': 412,
  /** A patient asked to join before the visit's joinAvailableFrom. */
  'visit-not-open': 425,
  'payload-too-large': 413,
  /** Request headers over Node's limit (16 KB by default), answered by the Node adapter. */
  'headers-too-large': 431,
  'idempotency-key-reused': 422,
  /** Booking: `POST /v1/appointments` and `PATCH` need an `Idempotency-Key`. */
  'idempotency-key-missing': 400,
  /** Booking: the first request with this `Idempotency-Key` is still running; retry later. */
  'idempotency-key-in-flight': 409,
  /** Booking: the start is not a slot the service offers (schedule, lead time, horizon, step). */
  'slot-not-offered': 409,
  /** Booking: the slot's capacity is taken (held or booked by someone else). */
  'slot-taken': 409,
  /** Booking: this client address holds as many slots as it may (`holds.maxPerIp`). */
  'hold-limit': 429,
  /** Booking: no such hold, or the hold secret does not match. */
  'hold-not-found': 404,
  /** Booking: the hold expired (its slot may be taken by now): hold again. */
  'hold-expired': 410,
  'appointment-not-found': 404,
  /** Booking: the appointment is cancelled. */
  'appointment-cancelled': 409,
  /** Booking: cancel and reschedule online are closed this close to the start. */
  'cancel-window-closed': 409,
  'rate-limited': 429,
  internal: 500,
  'vendor-rejected': 502,
  'vendor-bad-response': 502,
  'vendor-unavailable': 502,
  'vendor-circuit-open': 503,
  /** The server is stopping and a request outlived its grace period: retry (Retry-After). */
  'shutting-down': 503,
  'vendor-timeout': 504,
  'request-timeout': 504,
} as const satisfies Record<string, number>;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** Codes that only the browser side produces (no server response behind them). */
export type ClientErrorCode =
  | 'network-error'
  | 'timeout'
  | 'bad-response'
  | 'ticket-unavailable'
  | 'url-refused'
  | 'target-not-found'
  | 'media-denied'
  /** The join link expired before it was used and there is no session to renew it. */
  | 'link-expired'
  /** The page's language could not be loaded (the `locales/` folder is missing or blocked); the elements keep working. */
  | 'locale-unavailable'
  /** A part of the script tag's build (chunks/) could not be loaded: the folder is missing or blocked beside the script. */
  | 'chunk-unavailable'
  /** The page's Content Security Policy refused Lit's Trusted Types policy (`trusted-types lit-html`). */
  | 'csp-blocked';

export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** The `type` URI of a problem with this code (RFC 9457 §3.1.1: a URI reference, here a URN). */
export const problemType = (code: ErrorCode): string => `urn:video-consult:problem:${code}`;

export const isServerErrorCode = (code: unknown): code is ServerErrorCode =>
  typeof code === 'string' && Object.hasOwn(SERVER_ERRORS, code);
