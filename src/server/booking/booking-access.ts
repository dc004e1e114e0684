import type { Context } from 'hono';
import type { Authenticate, AuthenticatedCaller } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { hashToken, pseudonym, randomToken } from '../internal/crypto.js';
import { ProblemError } from '../problem-error.js';
import type { AppointmentRecord, BookingStore } from '../store/booking-types.js';
import type { Clinician, Service } from './types.js';
import { CAPABILITY_PREFIX, isCapabilityToken } from '../../protocol/capability.js';

/**
 * Who may act on booking resources, and how they prove it.
 *
 * - A **capability token** (`vca_…`, 256 random bits, stored as its SHA-256 only) is handed out once, with
 *   the booked appointment. It travels as `Authorization: Bearer vca_…` (told apart from a consult
 *   ticket, a JWT, by its prefix) and is enough to read, join, cancel, reschedule that one appointment
 *   and fetch its calendar file: nothing else.
 * - A **booking session** (`vcs_…`) keeps one live hold per anonymous caller of a public service. It is
 *   answered in the body and sent back in the `Booking-Session` header: never a cookie, which a
 *   cross-site iframe would not send.
 * - A consult ticket: patients (their own appointment), the appointment's clinician, staff.
 */
const SESSION_PREFIX = 'vcs_';
const SESSION_RE = /^vcs_[A-Za-z0-9_-]{43}$/;

export const newCapabilityToken = () => `${CAPABILITY_PREFIX}${randomToken(32)}`;

/** The bearer credential of a request, if any. */
const bearer = (c: Context<AppEnv>) => /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];

export const isCapability = (c: Context<AppEnv>) => isCapabilityToken(bearer(c));

/** The pseudonymous id of whoever holds an appointment's capability (logs, audit, the vendor's list). */
export const capabilityActor = (secret: string, appointmentId: string) =>
  pseudonym(secret, 'urn:video-consult:appointment', appointmentId);

/** The appointment a capability token stands for; a token that is unknown (or revoked) is refused. */
export async function appointmentOfCapability(
  c: Context<AppEnv>,
  bookings: BookingStore,
): Promise<AppointmentRecord> {
  const token = bearer(c)!;
  const appointment = await bookings.findByToken(hashToken(token));
  if (!appointment) {
    throw new ProblemError('ticket-invalid', 'The appointment token was not accepted.', {
      reason: 'unknown capability',
    });
  }
  return appointment;
}

export type AppointmentAccess =
  { kind: 'capability'; actor: string } | { kind: 'ticket'; caller: AuthenticatedCaller };

/** Whether an authenticated ticket may act on this appointment. */
function ticketMayAct(
  caller: AuthenticatedCaller,
  appointment: AppointmentRecord,
  clinician: Clinician | undefined,
): boolean {
  if (caller.role === 'staff') return true;
  if (caller.role === 'clinician') return clinician !== undefined && clinician.subject === caller.subject;
  return caller.appointment === appointment.id || appointment.holder === `t:${caller.actor}`;
}

/**
 * Loads `id` for a caller that proves access: its capability token, a patient ticket for it (or the
 * one that booked it), its clinician's ticket, or a staff ticket. The credential is checked before the
 * appointment is looked up, so that an id alone reveals nothing.
 */
export async function authorizeAppointment(
  c: Context<AppEnv>,
  deps: {
    bookings: BookingStore;
    authenticate: Authenticate;
    clinicians: (id: string) => Clinician | undefined;
    pseudonymSecret: string;
  },
  id: string,
): Promise<{ appointment: AppointmentRecord; access: AppointmentAccess }> {
  if (isCapability(c)) {
    const appointment = await appointmentOfCapability(c, deps.bookings);
    if (appointment.id !== id) {
      throw new ProblemError('forbidden-scope', 'This token is for another appointment.');
    }
    return {
      appointment,
      access: { kind: 'capability', actor: capabilityActor(deps.pseudonymSecret, appointment.id) },
    };
  }
  const caller = await deps.authenticate(c);
  const appointment = await deps.bookings.findAppointment(id);
  if (!appointment) throw new ProblemError('appointment-not-found', 'There is no such appointment.');
  if (!ticketMayAct(caller, appointment, deps.clinicians(appointment.clinicianId))) {
    throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
  }
  return { appointment, access: { kind: 'ticket', caller } };
}

/**
 * Who takes a hold: a ticket's patient (`t:<actor>`), or an anonymous booking session of a public
 * service (`s:<hash>`). A `ticket` service needs a ticket; a capability token is not a way to book.
 */
export async function holderOf(
  c: Context<AppEnv>,
  authenticate: Authenticate,
  service: Service | undefined,
): Promise<{ holder: string; session?: string }> {
  if (c.req.header('authorization') !== undefined && !isCapability(c)) {
    const caller = await authenticate(c);
    if (caller.role === 'clinician') {
      throw new ProblemError('forbidden-role', 'Clinician tickets cannot book.');
    }
    // A patient's ticket says whether the portal knows them as new or returning; staff book on their behalf.
    if (
      service &&
      service.patients !== 'any' &&
      caller.role === 'patient' &&
      caller.patientKind !== service.patients
    ) {
      throw new ProblemError(
        'service-not-for-patient',
        `This service takes ${service.patients} patients only: the ticket's patientKind must say so.`,
      );
    }
    return { holder: `t:${caller.actor}` };
  }
  if (service?.access !== 'public' || service.patients !== 'any') {
    throw new ProblemError('ticket-missing', 'Booking this service needs a consult ticket.');
  }
  const sent = c.req.header('booking-session');
  const session = sent !== undefined && SESSION_RE.test(sent) ? sent : `${SESSION_PREFIX}${randomToken(32)}`;
  return { holder: `s:${hashToken(session)}`, session };
}

/** The holder a request speaks for without creating a session (idempotency scope of bookings). */
export async function requestHolder(c: Context<AppEnv>, authenticate: Authenticate): Promise<string> {
  if (c.req.header('authorization') !== undefined && !isCapability(c)) {
    return `t:${(await authenticate(c)).actor}`;
  }
  const sent = c.req.header('booking-session');
  return sent !== undefined && SESSION_RE.test(sent) ? `s:${hashToken(sent)}` : 'anonymous';
}
