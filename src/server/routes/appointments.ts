import { Hono, type Context } from 'hono';
import {
  AppointmentRequestSchema,
  RescheduleRequestSchema,
  type AppointmentCreated,
  type AppointmentView,
} from '../../protocol/booking.js';
import type { Authenticate } from '../auth/authenticate.js';
import {
  authorizeAppointment,
  newCapabilityToken,
  requestHolder,
  type AppointmentAccess,
} from '../booking/booking-access.js';
import { appointmentWebhook, vendorCancel, vendorCreate, vendorMove } from '../booking/booking-jobs.js';
import { bookingProblem } from '../booking/booking-problem.js';
import { calendarLanguage, calendarText } from '../booking/calendar-text.js';
import type { BookingDeps } from '../booking/deps.js';
import { changeableUntil, type Service } from '../booking/types.js';
import type { AppEnv } from '../env.js';
import { hashToken, randomToken } from '../internal/crypto.js';
import { exactlyOnce } from '../internal/idempotency.js';
import { readJson } from '../internal/read-json.js';
import { ProblemError } from '../problem-error.js';
import type { AppointmentRecord, BookingStore, PatientDetails } from '../store/booking-types.js';

export interface AppointmentRouteDeps extends BookingDeps {
  authenticate: Authenticate;
  bookings: BookingStore;
  pseudonymSecret: string;
  /** How long a claimed Idempotency-Key counts as in flight (beyond the request timeout). */
  idempotencyLeaseMs: number;
  /** `appointments.visitPageUrl`: the hospital's page for a visit, `{appointment}` replaced. */
  visitPageUrl?: string;
  reminderMinutes: number;
  /** `appointments.organizer`: the calendar file's `ORGANIZER` (the name defaults to the clinician's). */
  organizer?: { email: string; name?: string };
  /** `appointments.calendarDescription`: the clinic's own `DESCRIPTION`, instead of the built-in one. */
  calendarDescription?: string;
  /** Host of the calendar `UID`s (`<appointment>@<host>`), stable for this server. */
  uidHost: string;
  /** `joinWindow.patientMinutesBefore`: the view's `joinAvailableFrom`. */
  patientJoinMinutesBefore: number;
  now: () => Date;
}

const MINUTE = 60_000;

const toView = (
  a: AppointmentRecord,
  service: Service | undefined,
  joinMinutesBefore: number,
): AppointmentView => ({
  id: a.id,
  service: a.serviceId,
  clinician: a.clinicianId,
  provider: a.provider,
  start: a.start.toISOString(),
  end: a.end.toISOString(),
  status: a.status,
  sequence: a.sequence,
  changeableUntil: changeableUntil(a.start, service).toISOString(),
  joinAvailableFrom: new Date(a.start.getTime() - joinMinutesBefore * MINUTE).toISOString(),
});

/** The date of birth is asked only where the service needs it, and then required. */
function checkDateOfBirth(patient: PatientDetails, service: Service) {
  const given = patient.dateOfBirth !== undefined;
  if (given === service.asksDateOfBirth) return;
  throw new ProblemError('bad-request', 'Some fields are wrong.', {
    errors: [
      {
        path: 'patient.dateOfBirth',
        message: service.asksDateOfBirth ? 'required' : 'not asked by this service: leave it out',
      },
    ],
  });
}

/**
 * Patients change appointments online only until the service's cut-off; the clinic (clinician and
 * staff tickets) may still change them, by phone with the patient.
 */
function checkChangeWindow(
  a: AppointmentRecord,
  service: Service | undefined,
  access: AppointmentAccess,
  now: Date,
) {
  if (access.kind === 'ticket' && access.caller.role !== 'patient') return;
  if (now >= changeableUntil(a.start, service)) {
    throw new ProblemError(
      'cancel-window-closed',
      'This appointment can no longer be changed online. Please call the clinic.',
    );
  }
}

const answer = (c: Context<AppEnv>, result: { status: number; body: unknown; replayed: boolean }) => {
  c.header('Cache-Control', 'no-store');
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body, result.status as 200);
};

/**
 * Appointments: book (`POST`, consumes a hold), read, cancel (`DELETE`), reschedule (`PATCH`, to a new
 * hold) and the calendar file. Booking and rescheduling are exactly-once (`Idempotency-Key`); every
 * change enqueues its vendor and webhook jobs in its own transaction.
 */
export function appointmentRoutes(deps: AppointmentRouteDeps) {
  const authorize = (c: Context<AppEnv>, id: string) => authorizeAppointment(c, deps, id);
  const lease = deps.idempotencyLeaseMs;

  return new Hono<AppEnv>()
    .post('/v1/appointments', async (c) => {
      const key = c.req.header('idempotency-key');
      if (key === undefined) {
        throw new ProblemError('idempotency-key-missing', 'Send an Idempotency-Key header (a random UUID).');
      }
      const holder = await requestHolder(c, deps.authenticate);
      const body = await readJson(c.req.raw, AppointmentRequestSchema);
      const now = deps.now();
      const result = await exactlyOnce(
        deps.bookings,
        `appointments.create:${holder}`,
        key,
        body,
        now,
        lease,
        async (claim) => {
          const secretHash = hashToken(body.holdSecret);
          const hold = await deps.bookings.findHold(body.holdId, secretHash, now).catch(bookingProblem);
          const service = deps.services(hold.serviceId);
          if (!service) throw new ProblemError('unknown-service', 'There is no such service.');
          checkDateOfBirth(body.patient, service);
          const id = `apt_${randomToken(16)}`;
          const token = newCapabilityToken();
          const respond = (a: AppointmentRecord) => ({
            status: 201,
            body: {
              appointment: toView(a, service, deps.patientJoinMinutesBefore),
              token,
            } satisfies AppointmentCreated,
          });
          // The jobs need the appointment's row; it is the hold's time and clinician, status pending.
          const draft: AppointmentRecord = {
            id,
            serviceId: service.id,
            clinicianId: hold.clinicianId,
            provider: service.provider,
            start: hold.start,
            end: hold.end,
            status: 'pending',
            statusReason: null,
            sequence: 0,
            roomKey: id,
            holder: hold.holder,
            createdAt: now,
            updatedAt: now,
          };
          const booked = await deps.bookings
            .book(
              {
                holdId: body.holdId,
                secretHash,
                appointment: {
                  id,
                  provider: service.provider,
                  tokenHash: hashToken(token),
                  patient: body.patient,
                },
                jobs: [vendorCreate(draft, now), appointmentWebhook('appointment.booked', draft, now)],
                answer: { ...claim, respond },
              },
              now,
            )
            .catch(bookingProblem);
          return respond(booked);
        },
      );
      return answer(c, result);
    })
    .get('/v1/appointments/:id', async (c) => {
      const { appointment } = await authorize(c, c.req.param('id'));
      c.header('Cache-Control', 'no-store');
      return c.json(toView(appointment, deps.services(appointment.serviceId), deps.patientJoinMinutesBefore));
    })
    .delete('/v1/appointments/:id', async (c) => {
      const { appointment, access } = await authorize(c, c.req.param('id'));
      const service = deps.services(appointment.serviceId);
      const now = deps.now();
      if (appointment.status !== 'cancelled') checkChangeWindow(appointment, service, access, now);
      const cancelled = await deps.bookings
        .cancel(
          appointment.id,
          (a) => [vendorCancel(a, now), appointmentWebhook('appointment.cancelled', a, now)],
          now,
        )
        .catch(bookingProblem);
      c.header('Cache-Control', 'no-store');
      return c.json(toView(cancelled, service, deps.patientJoinMinutesBefore));
    })
    .patch('/v1/appointments/:id', async (c) => {
      const key = c.req.header('idempotency-key');
      if (key === undefined) {
        throw new ProblemError('idempotency-key-missing', 'Send an Idempotency-Key header (a random UUID).');
      }
      const { appointment, access } = await authorize(c, c.req.param('id'));
      const body = await readJson(c.req.raw, RescheduleRequestSchema);
      const service = deps.services(appointment.serviceId);
      const now = deps.now();
      const result = await exactlyOnce(
        deps.bookings,
        `appointments.move:${appointment.id}`,
        key,
        body,
        now,
        lease,
        async (claim) => {
          if (appointment.status === 'cancelled') {
            throw new ProblemError('appointment-cancelled', 'This appointment is cancelled.');
          }
          checkChangeWindow(appointment, service, access, now);
          const respond = (a: AppointmentRecord) => ({
            status: 200,
            body: toView(a, service, deps.patientJoinMinutesBefore),
          });
          const moved = await deps.bookings
            .reschedule(
              {
                appointmentId: appointment.id,
                holdId: body.holdId,
                secretHash: hashToken(body.holdSecret),
                jobs: (a, previous) => [
                  vendorMove(a, previous, now),
                  appointmentWebhook('appointment.rescheduled', a, now, {
                    previousStart: previous.start.toISOString(),
                  }),
                ],
                answer: { ...claim, respond },
              },
              now,
            )
            .catch(bookingProblem);
          return respond(moved);
        },
      );
      return answer(c, result);
    })
    .get('/v1/appointments/:id/calendar.ics', async (c) => {
      const { appointment: a } = await authorize(c, c.req.param('id'));
      const service = deps.services(a.serviceId);
      const clinician = deps.clinicians(a.clinicianId);
      // The patient's language travels as `Accept-Language`, never in the URL; what the clinic wrote wins.
      const lang = calendarLanguage(c);
      const text = calendarText(lang);
      const url = deps.visitPageUrl?.replaceAll('{appointment}', encodeURIComponent(a.id));
      const title = service?.title ?? a.serviceId;
      const organizerName = deps.organizer?.name ?? clinician?.displayName;
      const ics = deps.renderCalendar({
        uid: `${a.id}@${deps.uidHost}`,
        sequence: a.sequence,
        cancelled: a.status === 'cancelled',
        start: a.start,
        end: a.end,
        summary: text.summary(title),
        description:
          deps.calendarDescription ?? text.howToJoin(url !== undefined, deps.patientJoinMinutesBefore),
        ...(url === undefined ? {} : { url }),
        ...(organizerName === undefined ? {} : { organizerName }),
        ...(deps.organizer === undefined ? {} : { organizerEmail: deps.organizer.email }),
        alarmMinutesBefore: deps.reminderMinutes,
        alarmText: text.alarm(title),
        updatedAt: a.updatedAt,
      });
      return c.body(ics, 200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'attachment; filename="appointment.ics"',
        'Content-Language': lang,
        Vary: 'Accept-Language',
        'Cache-Control': 'no-store',
      });
    });
}
