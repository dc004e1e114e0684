import { msg } from '@lit/localize';
import type { ErrorCode } from '../protocol/errors.js';
import { localeMessage, setupMessage as setup } from './early-messages.js';

// Patients are often old and nervous: say what happened and what to do next, in plain words, no codes.
// Functions, not strings, so that each call translates into the locale active at that moment. No `desc` for
// translators: in runtime mode it would ship to every browser; the names below say what each one is for.
const network = () => msg('We could not connect. Please check your internet connection and try again.');
const slow = () => msg('This is taking longer than usual. Please try again.');
const tooMany = () => msg('There were too many attempts. Please wait a minute and try again.');
const ours = () => msg('Something went wrong on our side. Please try again in a moment.');
const videoService = () =>
  msg('The video service is not available right now. Please try again in a few minutes.');
const identity = () => msg('We could not confirm that it is you. Please reload the page and try again.');
const notYours = () => msg('This visit is not available to you. Please contact your care team.');
const notFound = () =>
  msg('We could not find this visit. Please check your appointment or contact your care team.');
// Not a wrong visit: a patient's visit whose room the clinic has not created yet (patients never create rooms).
const notOpened = () => msg('The clinic has not opened this visit yet. Please try again later.');
const unknown = () => msg('Something went wrong. Please try again.');

const MESSAGES: Record<ErrorCode, () => string> = {
  'bad-request': setup,
  'unsupported-media-type': setup,
  'payload-too-large': setup,
  'headers-too-large': setup,
  'origin-not-allowed': setup,
  'target-not-found': setup,
  'ticket-missing': identity,
  'ticket-invalid': identity,
  'ticket-expired': identity,
  'ticket-not-yet-valid': identity,
  'ticket-stale': identity,
  'ticket-wrong-issuer': identity,
  'ticket-wrong-audience': identity,
  'ticket-wrong-type': identity,
  'ticket-replayed': identity,
  'ticket-unavailable': identity,
  'forbidden-scope': notYours,
  'service-not-for-patient': notYours,
  'forbidden-role': notYours,
  'not-found': notFound,
  'method-not-allowed': setup,
  'room-not-found': notOpened,
  'room-ended': () => msg('This visit has already ended.'),
  'not-supported': setup,
  'visit-not-open': () => msg('Your visit is not open yet. The button will turn on when it is time.'),
  'idempotency-key-reused': unknown,
  'room-schedule-conflict': unknown,
  'vendor-schedule-conflict': unknown,
  // Booking and staff scheduling: a page set up wrongly, or a change raced by another (try again).
  'unknown-service': setup,
  'schedule-not-found': setup,
  'schedule-exists': unknown,
  'schedule-changed': unknown,
  // Booking codes: the picker (its own issue) words them; until then a general message.
  'idempotency-key-missing': setup,
  'idempotency-key-in-flight': slow,
  'slot-not-offered': unknown,
  'slot-taken': unknown,
  'hold-limit': tooMany,
  'hold-not-found': unknown,
  'hold-expired': unknown,
  'appointment-not-found': notFound,
  'appointment-cancelled': notFound,
  'cancel-window-closed': notYours,
  'rate-limited': tooMany,
  internal: ours,
  'shutting-down': ours,
  'bad-response': ours,
  'vendor-bad-response': ours,
  'vendor-rejected': videoService,
  'vendor-unavailable': videoService,
  'vendor-circuit-open': videoService,
  'vendor-timeout': slow,
  'request-timeout': slow,
  timeout: slow,
  'network-error': network,
  'url-refused': () =>
    msg('For your safety, this video link cannot be opened here. Please contact your care team.'),
  'link-expired': () => msg('This visit link has expired. Please use the join button again.'),
  'media-denied': () =>
    msg('Your camera or microphone is blocked. Please allow them in your browser and try again.'),
  // The elements keep working in the language they have; the page's team fixes the locales/ folder.
  'locale-unavailable': localeMessage,
  // For the patient this is a page that cannot start the visit; the console names the CSP fix.
  'csp-blocked': setup,
  // Likewise: the chunks/ folder beside the script is missing or blocked; the console names the fix.
  'chunk-unavailable': setup,
};

/** The user-facing message for an error code, in the active locale; codes from a newer server get a general one. */
export const errorMessage = (code: string): string =>
  (Object.hasOwn(MESSAGES, code) ? MESSAGES[code as ErrorCode] : unknown)();

// What "Try again" can mend: the network, a slow or busy server or video service, a server error, a visit not
// opened yet, and codes from a newer server (their general message asks to try again). Not a page set up wrongly,
// a visit that is not the caller's or has ended, a ticket the page must renew (its message says to reload).
const MENDED_BY_RETRY: ReadonlySet<() => string> = new Set([
  network,
  slow,
  tooMany,
  ours,
  videoService,
  notOpened,
  unknown,
]);

/** Whether trying the same thing again can succeed without anyone changing anything first. */
export const retryHelps = (code: string): boolean =>
  !Object.hasOwn(MESSAGES, code) || MENDED_BY_RETRY.has(MESSAGES[code as ErrorCode]);
