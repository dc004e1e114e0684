import { Hono } from 'hono';
import { HoldReleaseSchema, HoldRequestSchema, type HoldResponse } from '../../protocol/booking.js';
import type { Authenticate } from '../auth/authenticate.js';
import { holderOf } from '../booking/booking-access.js';
import { bookingProblem } from '../booking/booking-problem.js';
import type { BookingDeps } from '../booking/deps.js';
import { changeableUntil } from '../booking/types.js';
import type { AppEnv } from '../env.js';
import { hashToken, pseudonym, randomToken } from '../internal/crypto.js';
import { readJson } from '../internal/read-json.js';
import { ProblemError } from '../problem-error.js';
import type { BookingStore } from '../store/booking-types.js';

export interface HoldRouteDeps extends Pick<BookingDeps, 'services' | 'slots'> {
  authenticate: Authenticate;
  bookings: BookingStore;
  pseudonymSecret: string;
  holdMinutes: number;
  maxHoldsPerIp: number;
  now: () => Date;
}

/**
 * `POST /v1/holds` reserves a slot's capacity for `holds.minutes` while the patient fills in the form;
 * `DELETE /v1/holds/:id` (with the hold secret) gives it back. One live hold per caller, at most
 * `holds.maxPerIp` per client address; the database decides who gets the capacity.
 */
export function holdRoutes(deps: HoldRouteDeps) {
  return new Hono<AppEnv>()
    .post('/v1/holds', async (c) => {
      const body = await readJson(c.req.raw, HoldRequestSchema);
      const service = deps.services(body.service);
      const { holder, session } = await holderOf(c, deps.authenticate, service);
      if (!service) throw new ProblemError('unknown-service', 'There is no such service.');
      const now = deps.now();
      const start = new Date(body.start);
      const offered = await deps.slots.offered(service, start, now, body.clinician);
      if (!offered || offered.clinicianIds.length === 0) {
        throw new ProblemError('slot-not-offered', 'This service is not offered at this time.');
      }
      const secret = randomToken(32);
      const hold = await deps.bookings
        .createHold(
          {
            id: `hold_${randomToken(16)}`,
            serviceId: service.id,
            start,
            end: offered.end,
            blockedUntil: new Date(offered.end.getTime() + service.bufferMinutes * 60_000),
            clinicianIds: offered.clinicianIds,
            capacity: service.capacity,
            expiresAt: new Date(now.getTime() + deps.holdMinutes * 60_000),
            secretHash: hashToken(secret),
            holder,
            source: pseudonym(deps.pseudonymSecret, 'client-address', c.get('clientIp') ?? 'unknown'),
            maxPerSource: deps.maxHoldsPerIp,
          },
          now,
        )
        .catch(bookingProblem);
      const answer: HoldResponse = {
        holdId: hold.id,
        holdSecret: secret,
        expiresAt: hold.expiresAt.toISOString(),
        start: hold.start.toISOString(),
        end: hold.end.toISOString(),
        clinician: hold.clinicianId,
        changeableUntil: changeableUntil(hold.start, service).toISOString(),
        ...(session === undefined ? {} : { session }),
      };
      c.header('Cache-Control', 'no-store');
      return c.json(answer, 201);
    })
    .delete('/v1/holds/:id', async (c) => {
      const { holdSecret } = await readJson(c.req.raw, HoldReleaseSchema);
      const released = await deps.bookings.releaseHold(c.req.param('id'), hashToken(holdSecret), deps.now());
      if (!released) throw new ProblemError('hold-not-found', 'There is no such live hold.');
      return c.body(null, 204);
    });
}
