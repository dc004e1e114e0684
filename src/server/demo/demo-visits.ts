import { Hono } from 'hono';
import * as v from 'valibot';
import { randomToken } from '../internal/crypto.js';
import { ProblemError } from '../problem-error.js';
import type { RoomService } from '../rooms.js';
import { requireSameSite } from './same-site.js';

const QuerySchema = v.object({
  startsInSeconds: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number), v.minValue(0), v.maxValue(3600)),
    '120',
  ),
});

const DEMO_VISIT_MINUTES = 20;
const DEMO_CLINICIAN = 'Dr. Demo';

/**
 * `POST /demo/visits?startsInSeconds=N`: a scheduled visit for the demo page's countdown, in a fresh
 * appointment starting N seconds from now (demo mode only, sandbox provider).
 */
export function demoVisitRoutes(deps: { rooms: RoomService; now: () => Date }) {
  return new Hono().post('/demo/visits', async (c) => {
    requireSameSite(c);
    const query = v.safeParse(QuerySchema, c.req.query());
    if (!query.success) {
      throw new ProblemError('bad-request', 'startsInSeconds must be a whole number from 0 to 3600.', {
        errors: [{ path: 'startsInSeconds', message: 'an integer from 0 to 3600' }],
      });
    }
    const appointment = `demo-${randomToken(9)}`;
    await deps.rooms.ensure(
      {
        appointment,
        startsAt: new Date(deps.now().getTime() + query.output.startsInSeconds * 1000),
        durationMinutes: DEMO_VISIT_MINUTES,
        clinicianName: DEMO_CLINICIAN,
        participants: [],
      },
      c.req.raw.signal,
    );
    c.header('Cache-Control', 'no-store');
    return c.json({ appointment }, 201);
  });
}
