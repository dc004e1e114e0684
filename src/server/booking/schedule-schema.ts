import { DateTime, IANAZone } from 'luxon';
import * as v from 'valibot';

/**
 * Weekly opening hours and their exceptions, as the configuration file and `/v1/schedules` take them.
 * Times are local wall-clock `HH:MM` in the schedule's IANA zone; the slot engine turns them into
 * instants (luxon). Shape errors come from valibot; the cross-field rules (end after start, no overlap)
 * from `scheduleProblems`, each with a stable code, so that the file and the API say the same thing.
 */

/** Exceptions per schedule (past ones count too: delete them when they no longer matter). */
export const MAX_EXCEPTIONS = 1000;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 00:00 to 24:00 (24:00 ends a day). */
const TimeOfDaySchema = v.pipe(
  v.string(),
  v.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time HH:MM (00:00 to 24:00)'),
);

export const ZONE_MESSAGE = 'must be an IANA time zone like Europe/Berlin';
export const DATE_MESSAGE = 'must be a real date';

export const ZoneSchema = v.pipe(
  v.string(),
  v.check((z) => IANAZone.isValidZone(z), ZONE_MESSAGE),
);

/** `YYYY-MM-DD`, a real calendar date. */
const DateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  v.check((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, DATE_MESSAGE),
);

export const WeeklyRangeSchema = v.strictObject({
  /** The weekdays these hours apply to. */
  days: v.pipe(v.array(v.picklist(WEEKDAYS)), v.minLength(1, 'name at least one weekday')),
  from: TimeOfDaySchema,
  to: TimeOfDaySchema,
});

/** `closed`: no hours that day; `blocked`: these hours are taken out; `extra`: these hours are added. */
export const ExceptionInputSchema = v.strictObject({
  date: DateSchema,
  kind: v.picklist(['closed', 'blocked', 'extra']),
  /** For `blocked` and `extra` (local time); not for `closed`. */
  from: v.optional(TimeOfDaySchema),
  to: v.optional(TimeOfDaySchema),
});

export const ScheduleBodySchema = v.strictObject({
  /** IANA zone of the hours; defaults to the clinic's `booking.timezone`. */
  zone: v.optional(ZoneSchema),
  weekly: v.pipe(v.array(WeeklyRangeSchema), v.maxLength(100)),
  exceptions: v.optional(v.pipe(v.array(ExceptionInputSchema), v.maxLength(MAX_EXCEPTIONS)), []),
});

export type WeeklyRange = v.InferOutput<typeof WeeklyRangeSchema>;
export type ExceptionInput = v.InferOutput<typeof ExceptionInputSchema>;
export type ScheduleBody = v.InferOutput<typeof ScheduleBodySchema>;

/** A rule broken across fields: where (dot path), a stable code, and what to do. */
export interface ScheduleProblem {
  path: string;
  code: 'end-not-after-start' | 'overlap' | 'range-not-allowed' | 'range-required' | 'closed-twice';
  message: string;
}

/** Minutes since local midnight of an `HH:MM` (already validated). */
export const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }) =>
  a.from < b.to && b.from < a.to;

/** The cross-field rules of weekly hours; paths are relative to the schedule (`weekly.1.to`). */
export function weeklyProblems(weekly: readonly WeeklyRange[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const seen: { index: number; day: Weekday; from: number; to: number }[] = [];
  weekly.forEach((range, index) => {
    const from = minuteOfDay(range.from);
    const to = minuteOfDay(range.to);
    if (to <= from) {
      problems.push({
        path: `weekly.${index}.to`,
        code: 'end-not-after-start',
        message: 'must be after from',
      });
      return;
    }
    for (const day of new Set(range.days)) {
      const other = seen.find((s) => s.day === day && overlaps(s, { from, to }));
      if (other) {
        problems.push({
          path: `weekly.${index}`,
          code: 'overlap',
          message: `overlaps weekly.${other.index} on ${day}`,
        });
        return;
      }
    }
    for (const day of new Set(range.days)) seen.push({ index, day, from, to });
  });
  return problems;
}

/** The cross-field rules of one exception (path relative to it) against those already accepted. */
export function exceptionProblems(
  exception: ExceptionInput,
  others: readonly ExceptionInput[],
  path = '',
): ScheduleProblem[] {
  const at = (field?: string) => [path, field].filter(Boolean).join('.');
  const ranged = exception.from !== undefined || exception.to !== undefined;
  if (exception.kind === 'closed') {
    if (ranged) {
      return [{ path: at('from'), code: 'range-not-allowed', message: 'a closed day has no from/to' }];
    }
    return others.some((o) => o.date === exception.date && o.kind === 'closed')
      ? [{ path: at('date'), code: 'closed-twice', message: 'this date is closed already' }]
      : [];
  }
  if (exception.from === undefined || exception.to === undefined) {
    const field = exception.from === undefined ? 'from' : 'to';
    return [{ path: at(field), code: 'range-required', message: `${exception.kind} hours need from and to` }];
  }
  const from = minuteOfDay(exception.from);
  const to = minuteOfDay(exception.to);
  if (to <= from) return [{ path: at('to'), code: 'end-not-after-start', message: 'must be after from' }];
  const clash = others.find(
    (o) =>
      o.date === exception.date &&
      o.kind === exception.kind &&
      o.from !== undefined &&
      o.to !== undefined &&
      overlaps({ from, to }, { from: minuteOfDay(o.from), to: minuteOfDay(o.to) }),
  );
  return clash
    ? [
        {
          path: at(),
          code: 'overlap',
          message: `overlaps other ${exception.kind} hours on ${exception.date}`,
        },
      ]
    : [];
}

/** Every cross-field problem of a whole schedule body. */
export function scheduleProblems(body: Pick<ScheduleBody, 'weekly' | 'exceptions'>): ScheduleProblem[] {
  const problems = weeklyProblems(body.weekly);
  body.exceptions.forEach((exception, index) => {
    problems.push(...exceptionProblems(exception, body.exceptions.slice(0, index), `exceptions.${index}`));
  });
  return problems;
}
