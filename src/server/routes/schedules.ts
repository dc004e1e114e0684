import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { Audit } from '../audit.js';
import type { Authenticate, AuthenticatedCaller } from '../auth/authenticate.js';
import type { BookingCatalog } from '../booking/config.js';
import { parseOrProblem, problemsError } from '../booking/field-errors.js';
import {
  ExceptionInputSchema,
  exceptionProblems,
  MAX_EXCEPTIONS,
  ScheduleBodySchema,
  scheduleProblems,
} from '../booking/schedule-schema.js';
import type { AppEnv } from '../env.js';
import { readJsonUnvalidated } from '../internal/read-json.js';
import { ProblemError } from '../problem-error.js';
import type { Schedule, ScheduleStore } from '../store/schedule-types.js';

/** `POST /v1/schedules`: a schedule for a clinician that has none. */
export const CreateScheduleSchema = v.strictObject({
  clinician: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  ...ScheduleBodySchema.entries,
});

/** A schedule as the API shows it (`version` is also its `ETag`). */
export const scheduleJson = (s: Schedule) => ({
  clinician: s.clinicianId,
  zone: s.zone,
  weekly: s.weekly,
  exceptions: s.exceptions,
  origin: s.origin,
  version: s.version,
  updatedAt: s.updatedAt.toISOString(),
});

const etag = (s: Pick<Schedule, 'version'>) => `"v${s.version}"`;

/** The version an `If-Match` names; absent: no precondition. A tag we never issued matches nothing (412). */
function ifVersion(c: Context<AppEnv>): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"v(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

const notFound = (what = 'schedule') => new ProblemError('schedule-not-found', `No such ${what}.`);
const stale = () =>
  new ProblemError('schedule-changed', 'The schedule changed since you read it (If-Match); read it again.');

/**
 * Staff manage clinicians' schedules: `/v1/schedules`, `/v1/schedules/:id` (the clinician's id) and
 * `/v1/schedules/:id/exceptions[/:exceptionId]`. Staff tickets only; every change is audited with the
 * pseudonymous actor and what changed (never the hours themselves). Updates may carry `If-Match`.
 */
export function scheduleRoutes(deps: {
  authenticate: Authenticate;
  audit: Audit;
  schedules: ScheduleStore;
  catalog: BookingCatalog;
  now: () => Date;
}) {
  const staff = async (c: Context<AppEnv>): Promise<AuthenticatedCaller> => {
    const caller = await deps.authenticate(c);
    if (caller.role !== 'staff') {
      throw new ProblemError('forbidden-role', 'Schedules are managed by staff only.');
    }
    return caller;
  };
  const audited = (c: Context<AppEnv>, caller: AuthenticatedCaller, change: string, clinicianId: string) =>
    deps.audit('schedule.changed', {
      actor: caller.actor,
      role: caller.role,
      reason: `${change}:${clinicianId}`,
      requestId: c.get('requestId'),
    });
  const answer = (c: Context<AppEnv>, s: Schedule, status: 200 | 201 = 200) => {
    c.header('ETag', etag(s));
    c.header('Cache-Control', 'no-store');
    return c.json(scheduleJson(s), status);
  };
  /** Validates a whole body: shape first (valibot), then the rules across fields. */
  const scheduleBody = <S extends typeof ScheduleBodySchema | typeof CreateScheduleSchema>(
    schema: S,
    input: unknown,
  ): v.InferOutput<S> => {
    const body = parseOrProblem(schema, input);
    const problems = scheduleProblems(body);
    if (problems.length > 0) throw problemsError(problems);
    return body;
  };

  return new Hono<AppEnv>()
    .get('/v1/schedules', async (c) => {
      await staff(c);
      c.header('Cache-Control', 'no-store');
      return c.json({ schedules: (await deps.schedules.list()).map(scheduleJson) });
    })
    .post('/v1/schedules', async (c) => {
      const caller = await staff(c);
      const body = scheduleBody(CreateScheduleSchema, await readJsonUnvalidated(c.req.raw));
      if (!deps.catalog.clinicians.has(body.clinician)) {
        throw problemsError([
          { path: 'clinician', code: 'unknown-clinician', message: 'not a configured clinician' },
        ]);
      }
      const created = await deps.schedules.create(
        {
          clinicianId: body.clinician,
          zone: body.zone ?? deps.catalog.timezone,
          weekly: body.weekly,
          exceptions: body.exceptions,
        },
        deps.now(),
      );
      if (created === 'exists') {
        throw new ProblemError('schedule-exists', 'This clinician has a schedule; change it with PUT.');
      }
      await audited(c, caller, 'created', body.clinician);
      c.header('Location', `/v1/schedules/${encodeURIComponent(body.clinician)}`);
      return answer(c, created, 201);
    })
    .get('/v1/schedules/:id', async (c) => {
      await staff(c);
      const schedule = await deps.schedules.get(c.req.param('id'));
      if (!schedule) throw notFound();
      return answer(c, schedule);
    })
    .put('/v1/schedules/:id', async (c) => {
      const caller = await staff(c);
      const clinicianId = c.req.param('id');
      const body = scheduleBody(ScheduleBodySchema, await readJsonUnvalidated(c.req.raw));
      const result = await deps.schedules.replace(
        {
          clinicianId,
          zone: body.zone ?? deps.catalog.timezone,
          weekly: body.weekly,
          exceptions: body.exceptions,
        },
        deps.now(),
        ifVersion(c),
      );
      if (result === undefined) throw notFound();
      if (result === 'stale') throw stale();
      await audited(c, caller, 'replaced', clinicianId);
      return answer(c, result);
    })
    .delete('/v1/schedules/:id', async (c) => {
      const caller = await staff(c);
      const clinicianId = c.req.param('id');
      const result = await deps.schedules.remove(clinicianId, deps.now(), ifVersion(c));
      if (result === 'stale') throw stale();
      if (!result) throw notFound();
      await audited(c, caller, 'deleted', clinicianId);
      return c.body(null, 204);
    })
    .get('/v1/schedules/:id/exceptions', async (c) => {
      await staff(c);
      const schedule = await deps.schedules.get(c.req.param('id'));
      if (!schedule) throw notFound();
      c.header('ETag', etag(schedule));
      c.header('Cache-Control', 'no-store');
      return c.json({ exceptions: schedule.exceptions, version: schedule.version });
    })
    .post('/v1/schedules/:id/exceptions', async (c) => {
      const caller = await staff(c);
      const clinicianId = c.req.param('id');
      const input = parseOrProblem(ExceptionInputSchema, await readJsonUnvalidated(c.req.raw));
      const current = await deps.schedules.get(clinicianId);
      if (!current) throw notFound();
      if (current.exceptions.length >= MAX_EXCEPTIONS) {
        throw problemsError([
          { path: '', code: 'too-many', message: `at most ${MAX_EXCEPTIONS} exceptions` },
        ]);
      }
      const problems = exceptionProblems(input, current.exceptions);
      if (problems.length > 0) throw problemsError(problems);
      // Checked against `current`: a concurrent change in between makes this one stale, not wrong.
      const result = await deps.schedules.addException(
        clinicianId,
        input,
        deps.now(),
        ifVersion(c) ?? current.version,
      );
      if (result === undefined) throw notFound();
      if (result === 'stale') throw stale();
      await audited(c, caller, 'exception-added', clinicianId);
      c.header('ETag', etag(result.schedule));
      c.header(
        'Location',
        `/v1/schedules/${encodeURIComponent(clinicianId)}/exceptions/${result.exception.id}`,
      );
      return c.json({ ...result.exception, version: result.schedule.version }, 201);
    })
    .delete('/v1/schedules/:id/exceptions/:exceptionId', async (c) => {
      const caller = await staff(c);
      const clinicianId = c.req.param('id');
      const schedule = await deps.schedules.get(clinicianId);
      if (!schedule) throw notFound();
      const result = await deps.schedules.removeException(
        clinicianId,
        c.req.param('exceptionId'),
        deps.now(),
        ifVersion(c),
      );
      if (result === 'stale') throw stale();
      if (result === undefined) throw notFound('exception');
      await audited(c, caller, 'exception-removed', clinicianId);
      c.header('ETag', etag(result));
      return c.body(null, 204);
    });
}
