import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { IdSchema } from '../../protocol/join.js';
import type { Authenticate, AuthenticatedCaller } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { bookedRoom, roomOfAppointment } from '../booking/booked-join.js';
import type { Clinician } from '../booking/types.js';
import { requestSignal } from '../internal/request-signal.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';
import type { EndVisit } from '../visits/end-visit.js';
import { toVisitInfo, type JoinWindow } from '../visits/visit-window.js';

const appointmentOf = (c: Context<AppEnv>) => {
  const appointment = c.req.param('appointment') ?? '';
  if (!v.is(IdSchema, appointment)) {
    throw new ProblemError('bad-request', 'The appointment id is not valid.', {
      errors: [{ path: 'appointment', message: 'use letters, digits and . _ : - only (1 to 128)' }],
    });
  }
  return appointment;
};

const requireScope = (caller: AuthenticatedCaller, appointment: string) => {
  if (caller.appointment !== undefined && caller.appointment !== appointment) {
    throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
  }
};

/**
 * `GET /v1/visits/:appointment`: the visit window the join button counts down to, for the caller's role.
 * The scope is checked before the lookup, so an appointment-scoped ticket learns nothing about others.
 *
 * `POST /v1/visits/:appointment/end`: the clinician ends the visit for everyone (see `createEndVisit`).
 * Clinician tickets only, and only the visit's own clinician: a booked appointment's clinician (the
 * ticket's `sub` is that clinician's `subject`), or, for a visit the portal opened (`POST /v1/rooms`, whose
 * clinicians the server does not keep), a ticket the portal scoped to this appointment. A ticket without
 * the `appointment` claim ends no portal visit: the claim must be there and match, never merely be absent.
 */
export function visitRoutes(deps: {
  authenticate: Authenticate;
  store: ConsultStore;
  defaultProvider: string;
  joinWindow: JoinWindow;
  clinicians: (id: string) => Clinician | undefined;
  endVisit: EndVisit;
  now: () => Date;
}) {
  /** The room of `appointment` if `caller` is its clinician; the refusals in the order they are checked. */
  const clinicianRoom = async (caller: AuthenticatedCaller, appointment: string) => {
    if (caller.role !== 'clinician') {
      throw new ProblemError('forbidden-role', 'Only the clinician ends the visit.');
    }
    requireScope(caller, appointment);
    const booked = await deps.store.bookings.findAppointment(appointment);
    if (booked) {
      if (deps.clinicians(booked.clinicianId)?.subject !== caller.subject) {
        throw new ProblemError('forbidden-scope', "This visit is another clinician's.");
      }
      if (booked.status === 'cancelled') {
        throw new ProblemError('appointment-cancelled', 'This appointment is cancelled.');
      }
      return bookedRoom(deps.store, booked);
    }
    if (caller.appointment !== appointment) {
      throw new ProblemError('forbidden-scope', 'Ending this visit needs a ticket for its appointment.');
    }
    return deps.store.findRoomByAppointment(deps.defaultProvider, appointment);
  };

  return new Hono<AppEnv>()
    .get('/v1/visits/:appointment', async (c) => {
      const caller = await deps.authenticate(c);
      if (caller.role === 'staff') {
        throw new ProblemError('forbidden-role', 'Visits are shown to their patient and clinician.');
      }
      const appointment = appointmentOf(c);
      requireScope(caller, appointment);
      const room = await roomOfAppointment(deps.store, deps.defaultProvider, appointment);
      if (!room) throw new ProblemError('room-not-found', 'The clinic has not opened this visit yet.');
      c.header('Cache-Control', 'no-store');
      return c.json(toVisitInfo(room, caller.role, deps.joinWindow, deps.now()));
    })
    .post('/v1/visits/:appointment/end', async (c) => {
      const caller = await deps.authenticate(c);
      const appointment = appointmentOf(c);
      const room = await clinicianRoom(caller, appointment);
      if (!room) throw new ProblemError('room-not-found', 'The clinic has not opened this visit yet.');
      const ended = await deps.endVisit(
        room,
        { actor: caller.actor, requestId: c.get('requestId') },
        requestSignal(c),
      );
      c.header('Cache-Control', 'no-store');
      return c.json(toVisitInfo(ended, 'clinician', deps.joinWindow, deps.now()));
    });
}
