import { Hono } from 'hono';
import * as v from 'valibot';
import { IdSchema } from '../../protocol/join.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { roomOfAppointment } from '../booking/booked-join.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';
import { toVisitInfo, type JoinWindow } from '../visits/visit-window.js';

/**
 * `GET /v1/visits/:appointment`: the visit window the join button counts down to, for the caller's role.
 * The scope is checked before the lookup, so an appointment-scoped ticket learns nothing about others.
 */
export function visitRoutes(deps: {
  authenticate: Authenticate;
  store: ConsultStore;
  defaultProvider: string;
  joinWindow: JoinWindow;
  now: () => Date;
}) {
  return new Hono<AppEnv>().get('/v1/visits/:appointment', async (c) => {
    const caller = await deps.authenticate(c);
    if (caller.role === 'staff') {
      throw new ProblemError('forbidden-role', 'Visits are shown to their patient and clinician.');
    }
    const appointment = c.req.param('appointment');
    if (!v.is(IdSchema, appointment)) {
      throw new ProblemError('bad-request', 'The appointment id is not valid.', {
        errors: [{ path: 'appointment', message: 'use letters, digits and . _ : - only (1 to 128)' }],
      });
    }
    if (caller.appointment !== undefined && caller.appointment !== appointment) {
      throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
    }
    const room = await roomOfAppointment(deps.store, deps.defaultProvider, appointment);
    if (!room) throw new ProblemError('room-not-found', 'The clinic has not opened this visit yet.');
    c.header('Cache-Control', 'no-store');
    return c.json(toVisitInfo(room, caller.role, deps.joinWindow, deps.now()));
  });
}
