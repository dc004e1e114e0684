import * as v from 'valibot';
import type { Plumbing } from '../internal/plumbing.js';
import type { MappedRefusal } from '../internal/status-problem.js';
import type { VendorRequest } from '../internal/vendor-http.js';
import { vendorPath, type VendorPath } from '../internal/vendor-path.js';
import type { WebcamconsultOptions } from './options.js';
import {
  AppointmentAnswerSchema,
  AppointmentListSchema,
  ClientListSchema,
  CreatedClientSchema,
  ErrorsBodySchema,
} from './schemas.js';

export const VENDOR = 'webcamconsult';

/** The appointment fields we write (`POST /appointments.json`, `PUT /appointment/{id}.json`). */
export interface AppointmentBody {
  user_id: string;
  client_id: string;
  date: string;
  duration: number;
  created_by_user_id?: string;
  division_id?: string;
}

/** The client fields we write for a new client (`POST /clients.json`). */
export interface ClientBody {
  email: string;
  last_name?: string;
  division_ids?: string[];
}

const FIELD = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The doc's lists (`/clients.json`, `/appointments.json`) have no paging or filter: the answer is the whole
 * organisation, and grows with every appointment. They may be this big (about 80 000 records); one record
 * stays under the default limit.
 */
export const LIST_MAX_CHARS = 32_000_000;

/**
 * The vendor's refusals in our words. A 422 `errors` object becomes field-level problem details that name
 * the fields only (`client.email`): the vendor's messages and our values never leave this function.
 */
export const refusal =
  (resource: 'client' | 'appointment', notFound?: MappedRefusal) =>
  (status: number, body: unknown): MappedRefusal | undefined => {
    if (status === 401 || status === 403)
      return { code: 'vendor-rejected', detail: `${VENDOR} refused our API token` };
    if (status === 404 && notFound) return notFound;
    if (status !== 422) return undefined;
    const parsed = v.safeParse(ErrorsBodySchema, body);
    const fields = parsed.success ? Object.keys(parsed.output.errors).filter((f) => FIELD.test(f)) : [];
    return {
      code: 'vendor-rejected',
      detail: `${VENDOR} refused the ${resource}${fields.length > 0 ? ' (see errors)' : ''}`,
      errors: fields
        .slice(0, 20)
        .map((field) => ({ path: `${resource}.${field}`, message: `${VENDOR} refused this field` })),
    };
  };

const unknownAppointment: MappedRefusal = {
  code: 'room-not-found',
  detail: `${VENDOR} does not know this appointment`,
};

/**
 * The endpoints we use, as the doc names them (including its singular `/client/…` and `/appointment/…`
 * paths for one record). Every request carries the organisation's token in the `Authorization` header,
 * never as the `authentication_token` query parameter the doc also allows (URLs end up in logs).
 */
export const createWebcamconsultApi = (options: WebcamconsultOptions, { http }: Plumbing) => {
  const headers = { authorization: `Token token=${options.apiToken}` };
  const clientRefusal = refusal('client');
  const appointmentRefusal = refusal('appointment', unknownAppointment);
  const call = <T>(
    method: VendorRequest['method'],
    path: VendorPath,
    mapError: VendorRequest['mapError'],
    schema: v.GenericSchema<unknown, T>,
    signal: AbortSignal,
    json?: unknown,
    maxBodyChars?: number,
  ) => http.json({ method, path, headers, json, signal, mapError, maxBodyChars }, schema);

  return {
    /** Every client of the organisation (the doc documents no filter; an e-mail never goes into a URL). */
    clients: (signal: AbortSignal) =>
      call(
        'GET',
        vendorPath`/clients.json`,
        clientRefusal,
        ClientListSchema,
        signal,
        undefined,
        LIST_MAX_CHARS,
      ),

    createClient: (client: ClientBody, signal: AbortSignal) =>
      call('POST', vendorPath`/clients.json`, clientRefusal, CreatedClientSchema, signal, { client }),

    appointments: (signal: AbortSignal) =>
      call(
        'GET',
        vendorPath`/appointments.json`,
        appointmentRefusal,
        AppointmentListSchema,
        signal,
        undefined,
        LIST_MAX_CHARS,
      ),

    createAppointment: (appointment: AppointmentBody, signal: AbortSignal) =>
      call('POST', vendorPath`/appointments.json`, refusal('appointment'), AppointmentAnswerSchema, signal, {
        appointment,
      }),

    appointment: (id: string, signal: AbortSignal) =>
      call('GET', vendorPath`/appointment/${id}.json`, appointmentRefusal, AppointmentAnswerSchema, signal),

    updateAppointment: (id: string, appointment: AppointmentBody, signal: AbortSignal) =>
      call('PUT', vendorPath`/appointment/${id}.json`, appointmentRefusal, AppointmentAnswerSchema, signal, {
        appointment,
      }),

    /** The doc sends the id in a body too (`{ appointment: { id } }`); so do we. */
    deleteAppointment: (id: string, signal: AbortSignal) =>
      http.send({
        method: 'DELETE',
        path: vendorPath`/appointment/${id}.json`,
        headers,
        json: { appointment: { id } },
        signal,
        mapError: appointmentRefusal,
      }),
  };
};

export type WebcamconsultApi = ReturnType<typeof createWebcamconsultApi>;
