import type * as v from 'valibot';
import type { Plumbing } from '../internal/plumbing.js';
import type { MappedRefusal } from '../internal/status-problem.js';
import { VendorError } from '../internal/vendor-error.js';
import type { VendorRequest } from '../internal/vendor-http.js';
import { vendorPath, type VendorPath } from '../internal/vendor-path.js';
import { bearerFor } from './credentials.js';
import { formatDuration, formatInstant } from './formats.js';
import type { AuviousOptions } from './options.js';
import {
  ActivationSchema,
  AppointmentPageSchema,
  AppointmentSchema,
  OverlapSchema,
  type Appointment,
} from './schemas.js';

export const VENDOR = 'auvious';

/** What we schedule; the body's field names are those of the doc's appointment and reschedule shapes. */
export interface ScheduleBody {
  applicationId: string;
  start: string;
  duration: string;
  timezone: string;
  locale: string;
  title: string;
  metadata: Record<string, string>;
  notificationsActive: boolean;
}

/** The doc's `AddParticipantCustomerRequest.customer`. */
export interface Customer {
  name: { firstName: string; lastName: string };
  contact?: { primaryEmail?: string; primaryPhone?: string };
  metadata: Record<string, string>;
}

/**
 * Our words for the documented statuses of one endpoint: 403 names the role the doc requires for it (the
 * token lacks it), 404 is an appointment the vendor does not know, 409 (add agent only) "already there".
 */
const refusal =
  (role: string, on404: MappedRefusal['code'] = 'room-not-found') =>
  (status: number): MappedRefusal | undefined => {
    if (status === 403) {
      return { code: 'vendor-rejected', detail: `${VENDOR} refused: the access token lacks ${role}` };
    }
    if (status === 404) return { code: on404, detail: `${VENDOR} does not know this appointment` };
    return undefined;
  };

const AGENT_ROLES = 'ROLE_AGENT or ROLE_SUPERVISOR';
const ANY_ROLE = 'ROLE_AGENT, ROLE_SUPERVISOR or ROLE_CLIENT_SERVICE';

export const createAuviousApi = (options: AuviousOptions, plumbing: Plumbing) => {
  const { http } = plumbing;
  const withBearer = bearerFor(options, plumbing);

  const call = <T>(
    request: Omit<VendorRequest, 'bearer' | 'signal'> & { path: VendorPath },
    schema: v.GenericSchema<unknown, T>,
    signal: AbortSignal,
  ) => withBearer(signal, (bearer) => http.json({ ...request, bearer, signal }, schema));

  const send = (request: Omit<VendorRequest, 'bearer' | 'signal'>, signal: AbortSignal) =>
    withBearer(signal, (bearer) => http.send({ ...request, bearer, signal }));

  return {
    /** `GET /api/appointments/overlap/count`: the doc requires no authorization, so no token is sent. */
    overlapCount: (start: Date, durationMinutes: number, signal: AbortSignal) =>
      http.json(
        {
          method: 'GET',
          path: vendorPath`/api/appointments/overlap/count`,
          query: {
            applicationId: options.applicationId,
            start: formatInstant(start),
            duration: formatDuration(durationMinutes),
          },
          signal,
        },
        OverlapSchema,
      ),

    /** Schedule as an agent: see the adapter header for why this is `POST /api/appointments/`. */
    schedule: (body: ScheduleBody, signal: AbortSignal) =>
      call(
        { method: 'POST', path: vendorPath`/api/appointments/`, json: body, mapError: refusal(ANY_ROLE) },
        AppointmentSchema,
        signal,
      ),

    /** `GET /api/appointments/?range=start,end`: one page of appointments in the range, soonest first. */
    findInRange: (from: Date, to: Date, signal: AbortSignal) =>
      call(
        {
          method: 'GET',
          path: vendorPath`/api/appointments/`,
          query: {
            range: `${formatInstant(from)},${formatInstant(to)}`,
            pageSize: options.lookupPageSize,
            pageNumber: 1,
            sortField: 'start',
            sortOrder: 'asc',
          },
          mapError: refusal(ANY_ROLE),
        },
        AppointmentPageSchema,
        signal,
      ),

    get: (id: string, signal: AbortSignal): Promise<Appointment> =>
      call(
        { method: 'GET', path: vendorPath`/api/appointments/${id}`, mapError: refusal(ANY_ROLE) },
        AppointmentSchema,
        signal,
      ),

    /** 409 "StatusConflict": the agent is a participant already, which is what we wanted. */
    addAgent: async (id: string, userId: string, signal: AbortSignal): Promise<'added' | 'present'> => {
      try {
        await call(
          {
            method: 'POST',
            path: vendorPath`/api/appointments/participants/agents/`,
            json: { id, userId },
            mapError: (status) =>
              status === 409
                ? { code: 'room-schedule-conflict', detail: 'agent present' }
                : refusal(AGENT_ROLES)(status),
          },
          AppointmentSchema,
          signal,
        );
        return 'added';
      } catch (err) {
        if (err instanceof VendorError && err.vendorStatus === 409) return 'present';
        throw err;
      }
    },

    addCustomer: (id: string, customer: Customer, signal: AbortSignal) =>
      call(
        {
          method: 'POST',
          path: vendorPath`/api/appointments/participants/customers/`,
          json: { id, customer },
          mapError: refusal(AGENT_ROLES),
        },
        AppointmentSchema,
        signal,
      ),

    reschedule: (
      id: string,
      change: { start: Date; durationMinutes: number; locale: string },
      signal: AbortSignal,
    ) =>
      call(
        {
          method: 'PUT',
          path: vendorPath`/api/appointments/reschedule/`,
          json: {
            id,
            start: formatInstant(change.start),
            duration: formatDuration(change.durationMinutes),
            timezone: options.timezone,
            locale: change.locale,
          },
          mapError: refusal(ANY_ROLE),
        },
        AppointmentSchema,
        signal,
      ),

    reassign: (id: string, userId: string, signal: AbortSignal) =>
      call(
        {
          method: 'PUT',
          path: vendorPath`/api/appointments/reassign/`,
          json: { id, userId },
          mapError: refusal(AGENT_ROLES),
        },
        AppointmentSchema,
        signal,
      ),

    remove: (id: string, signal: AbortSignal) =>
      send(
        { method: 'DELETE', path: vendorPath`/api/appointments/${id}`, mapError: refusal(ANY_ROLE) },
        signal,
      ),

    end: (id: string, signal: AbortSignal) =>
      call(
        { method: 'PUT', path: vendorPath`/api/appointments/${id}/end`, mapError: refusal('ROLE_AGENT') },
        AppointmentSchema,
        signal,
      ),

    activate: (id: string, signal: AbortSignal) =>
      call(
        {
          method: 'POST',
          path: vendorPath`/api/appointments/activate/${id}`,
          mapError: refusal('ROLE_CLIENT_SERVICE'),
        },
        ActivationSchema,
        signal,
      ),
  };
};

export type AuviousApi = ReturnType<typeof createAuviousApi>;
