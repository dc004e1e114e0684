import { serverRequest, callServer } from '../../client/request.js';
import type { ConsultError } from '../../client/consult-error.js';
import { isInstant, isObject, isString } from './slots-client.js';

// The booking API's wire shapes as the picker reads them (issue 10). Kept here, in one file, so that the client
// can be aligned with the server's own schemas when they land; times are ISO 8601 UTC instants.

export interface SlotClinician {
  id: string;
  /** Capacity this clinician has left at this start (> 0). */
  free: number;
}

export interface Slot {
  start: string;
  end: string;
  clinicians: SlotClinician[];
}

export interface SlotsResponse {
  service: string;
  /** The clinic's IANA zone, e.g. `Europe/Berlin`. */
  zone: string;
  slots: Slot[];
}

export interface Hold {
  holdId: string;
  /** Only the holder has it: it books and releases the hold. Never logged, never in an event. */
  holdSecret: string;
  expiresAt: string;
  start: string;
  end: string;
  clinician?: string;
  /** Until when the visit, once booked, can be changed online; a time past it is booked for good (older servers: absent). */
  changeableUntil?: string;
  /**
   * For an anonymous caller of a public service: the booking session the server opened, sent back with the
   * `Booking-Session` header on the calls that follow (never a cookie: a cross-site frame would not send one).
   */
  session?: string;
}

export interface PatientDetails {
  name: string;
  email?: string;
  phone?: string;
  dateOfBirth?: string;
}

export interface Appointment {
  id: string;
  start: string;
  end: string;
  status: string;
  service: string;
  clinician?: string;
  /** From when the patient can join. */
  joinAvailableFrom: string;
  /** Until when the patient can reschedule or cancel online (the service's cut-off). */
  changeableUntil?: string;
}

export interface Booking {
  appointment: Appointment;
  /**
   * The credential for join, cancel, reschedule and the calendar file: the appointment's capability token, or the
   * patient's ticket for it.
   */
  capability: string;
  joinAvailableFrom: string;
  calendarUrl: string;
  /**
   * Where a change gets a fresh credential when `capability` is a ticket (which lives two minutes): the page's
   * `ticket-url`. None for a capability token, which lasts as long as the appointment.
   */
  renew?: Credential;
}

/** The slots of one query as last read, with the `ETag` to revalidate them with. */
export interface SlotsCache {
  query: string;
  etag: string;
  data: SlotsResponse;
}

/** Where a call gets its credential: a fresh ticket, an appointment's capability token, or none (public service). */
export type Credential = (signal?: AbortSignal) => Promise<string | null>;

const isHold = (data: unknown): data is Hold =>
  isObject(data) &&
  isString(data.holdId) &&
  isString(data.holdSecret) &&
  isInstant(data.expiresAt) &&
  isInstant(data.start) &&
  isInstant(data.end);

const isAppointment = (data: unknown): data is Appointment =>
  isObject(data) &&
  isString(data.id) &&
  isInstant(data.start) &&
  isInstant(data.end) &&
  isInstant(data.joinAvailableFrom);

/** `POST /v1/appointments` answers `{ appointment, token }`: the token is the appointment's capability. */
const isCreated = (data: unknown): data is { appointment: Appointment; token: string } =>
  isObject(data) && isAppointment(data.appointment) && isString(data.token);

const anything = (_data: unknown): _data is unknown => true;

const appointmentPath = (id: string) => `/v1/appointments/${encodeURIComponent(id)}`;

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The `Booking-Session` header that goes with the calls on an anonymous caller's hold. */
const sessionOf = (hold: Hold): Record<string, string> =>
  hold.session ? { 'Booking-Session': hold.session } : {};

/** The booking API of one consult server, for one picker, beyond the free times (slots-client.ts). */
export class BookingClient {
  constructor(
    private readonly server: string,
    private readonly credential: Credential,
  ) {}

  /** `POST /v1/holds`: keeps one start for the caller for a few minutes. 409 `slot-taken` when it is gone. */
  async hold(
    body: { service: string; start: string; clinician?: string },
    signal?: AbortSignal,
  ): Promise<Hold> {
    const ticket = await this.credential(signal);
    return callServer(this.server, '/v1/holds', ticket, json('POST', body), isHold, signal);
  }

  /** `DELETE /v1/holds/:id`: gives a held start back at once (else it frees itself when it expires). */
  async release(hold: Hold): Promise<void> {
    const ticket = await this.credential();
    const init = json('DELETE', { holdSecret: hold.holdSecret }, sessionOf(hold));
    await callServer(this.server, `/v1/holds/${encodeURIComponent(hold.holdId)}`, ticket, init, anything);
  }

  /**
   * `POST /v1/appointments`: books the held start. `key` is the attempt's `Idempotency-Key`: the caller sends the
   * same one again when it does not know whether the first went through, and the server answers with the first
   * booking instead of making a second.
   */
  async book(hold: Hold, patient: PatientDetails, key: string, signal?: AbortSignal): Promise<Booking> {
    const ticket = await this.credential(signal);
    const body = { holdId: hold.holdId, holdSecret: hold.holdSecret, patient };
    const init = json('POST', body, { 'Idempotency-Key': key, ...sessionOf(hold) });
    const { appointment, token } = await callServer(
      this.server,
      '/v1/appointments',
      ticket,
      init,
      isCreated,
      signal,
    );
    return this.booking(appointment, token);
  }

  /** An appointment with the credential that acts on it. */
  booking(appointment: Appointment, capability: string, renew?: Credential): Booking {
    const calendarUrl = new URL(`${appointmentPath(appointment.id)}/calendar.ics`, this.server).href;
    return { appointment, capability, joinAvailableFrom: appointment.joinAvailableFrom, calendarUrl, renew };
  }

  /** `GET /v1/appointments/:id` with its capability token (or the patient's ticket) in the header. */
  appointment(id: string, capability: string, signal?: AbortSignal): Promise<Appointment> {
    return callServer(this.server, appointmentPath(id), capability, {}, isAppointment, signal);
  }

  /**
   * `PATCH /v1/appointments/:id`: moves the appointment to the held start, exactly once per `key` (sent again, with
   * the same hold, when the first answer was lost). 409 `cancel-window-closed` past the service's cut-off.
   */
  reschedule(booking: Booking, hold: Hold, key: string): Promise<Appointment> {
    const body = { holdId: hold.holdId, holdSecret: hold.holdSecret };
    return this.change(booking, json('PATCH', body, { 'Idempotency-Key': key, ...sessionOf(hold) }));
  }

  /**
   * `DELETE /v1/appointments/:id`: cancels it. Idempotent on the server (a cancelled appointment stays cancelled and
   * is answered again), which takes no `Idempotency-Key` here: a retry sends the same request.
   */
  cancel(booking: Booking): Promise<Appointment> {
    return this.change(booking, { method: 'DELETE' });
  }

  private async change(booking: Booking, init: { method: string }): Promise<Appointment> {
    const path = appointmentPath(booking.appointment.id);
    const credential = (await booking.renew?.()) ?? booking.capability;
    return callServer(this.server, path, credential, init, isAppointment);
  }

  /**
   * `GET /v1/appointments/:id/calendar.ics` with the capability token in the header (never in a URL): the calendar
   * file as a Blob that the page offers as a download. `lang` (the picker's language) goes as `Accept-Language`, so
   * that the file speaks the language of the page it came from rather than the browser's.
   */
  calendar(id: string, capability: string, lang: string): Promise<Blob> {
    return serverRequest(
      this.server,
      `${appointmentPath(id)}/calendar.ics`,
      capability,
      { headers: { Accept: 'text/calendar', 'Accept-Language': lang } },
      (response) => response.blob().then((blob) => new Blob([blob], { type: 'text/calendar' })),
    );
  }
}

/** The field errors of a 422, by the patient field they name (`patient.email` -> `email`). */
export const fieldErrors = (error: ConsultError): Record<string, string> =>
  Object.fromEntries((error.fields ?? []).map(({ field, code }) => [field.split('.').pop()!, code]));
