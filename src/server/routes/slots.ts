import { Hono } from 'hono';
import { IANAZone } from 'luxon';
import { MAX_SLOT_RANGE_DAYS, SlotsQuerySchema, type SlotsResponse } from '../../protocol/slots.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { BookingCatalog } from '../booking/config.js';
import { parseOrProblem, problemsError } from '../booking/field-errors.js';
import type { SlotEngine } from '../booking/slots.js';
import type { AppEnv } from '../env.js';
import { etagOf, matchesEtag } from '../internal/etag.js';
import { ProblemError } from '../problem-error.js';

const DAY_MS = 24 * 3600_000;

/**
 * Free slots may be revalidated, never reused unchecked: a hold or booking elsewhere changes them at
 * any moment. `private`: they are per caller and range and show how busy a clinic is, which a shared
 * cache must not keep. A picker sends `If-None-Match` and gets 304 while nothing changed.
 */
const CACHE_CONTROL = 'private, no-cache';

/**
 * `GET /v1/slots?service=&from=&to=&clinician=&tz=`: a service's free starts as UTC instants, with the
 * clinic's zone and the zone to show them in. Anyone may ask for a `public` service; a `ticket` service
 * needs a patient, clinician or staff ticket.
 */
export function slotRoutes(deps: {
  authenticate: Authenticate;
  catalog: BookingCatalog;
  engine: SlotEngine;
  now: () => Date;
}) {
  return new Hono<AppEnv>().get('/v1/slots', async (c) => {
    const query = parseOrProblem(
      SlotsQuerySchema,
      c.req.query(),
      'service is required; from/to are ISO 8601 instants.',
    );
    const service = deps.catalog.services.get(query.service);
    if (!service) throw new ProblemError('unknown-service', 'No such service.');
    if (service.access !== 'public') await deps.authenticate(c);

    const now = deps.now();
    // Without `from`, the current minute: the answer (and its ETag) stays the same for a minute.
    const from = query.from ? new Date(query.from) : new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const to = query.to
      ? new Date(query.to)
      : new Date(from.getTime() + Math.min(service.horizonDays, MAX_SLOT_RANGE_DAYS) * DAY_MS);
    const problems = [];
    if (to <= from) problems.push({ path: 'to', code: 'range-empty', message: 'must be after from' });
    else if (to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * DAY_MS) {
      problems.push({
        path: 'to',
        code: 'range-too-long',
        message: `at most ${MAX_SLOT_RANGE_DAYS} days after from`,
      });
    }
    if (query.tz !== undefined && !IANAZone.isValidZone(query.tz)) {
      problems.push({
        path: 'tz',
        code: 'unknown-zone',
        message: 'must be an IANA time zone like America/New_York',
      });
    }
    if (query.clinician !== undefined && !service.clinicians.includes(query.clinician)) {
      problems.push({ path: 'clinician', code: 'unknown-clinician', message: 'does not offer this service' });
    }
    if (problems.length > 0) throw problemsError(problems);

    const slots = await deps.engine.slots(service, { from, to, now, clinicianId: query.clinician });
    const offering = service.clinicians.filter(
      (id) => query.clinician === undefined || id === query.clinician,
    );
    const body: SlotsResponse = {
      service: service.id,
      zone: deps.catalog.timezone,
      tz: query.tz ?? deps.catalog.timezone,
      from: from.toISOString(),
      to: to.toISOString(),
      durationMinutes: service.durationMinutes,
      clinicians: offering.map((id) => ({
        id,
        displayName: deps.catalog.clinicians.get(id)?.displayName ?? id,
      })),
      slots: slots.map((s) => ({
        start: s.start.toISOString(),
        end: s.end.toISOString(),
        clinicians: s.clinicians,
      })),
    };
    const text = JSON.stringify(body);
    const etag = etagOf(text);
    c.header('ETag', etag);
    c.header('Cache-Control', CACHE_CONTROL);
    c.header('Vary', 'Authorization', { append: true });
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.body(text, 200, { 'Content-Type': 'application/json' });
  });
}
