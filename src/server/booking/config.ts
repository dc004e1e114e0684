import * as v from 'valibot';
import type { Clinician, Service } from './types.js';
import { ScheduleBodySchema, scheduleProblems, ZoneSchema } from './schedule-schema.js';

/**
 * The `booking` section of the configuration: clinicians, services (visit types) and the schedules the
 * database is seeded with (see docs/booking.md for what happens when both exist).
 */

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a-z, 0-9, . _ - (up to 64)'));
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const ClinicianSchema = v.strictObject({
  id: Id,
  /** Shown to patients; never logged. */
  displayName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** The `sub` of this clinician's tickets. */
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  /** For vendors that know clinicians by e-mail (Auvious `agents`, webcamconsult `users`). */
  email: v.optional(v.pipe(v.string(), v.maxLength(254), v.email())),
});

const ServiceSchema = v.pipe(
  v.strictObject({
    id: Id,
    title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    durationMinutes: int(5, 480),
    bufferMinutes: v.optional(int(0, 240), 0),
    /** Defaults to the duration. */
    slotStepMinutes: v.optional(int(5, 480)),
    capacity: v.optional(int(1, 100), 1),
    minLeadMinutes: v.optional(int(0, 60 * 24 * 30), 60),
    horizonDays: v.optional(int(1, 365), 30),
    changeCutoffMinutes: v.optional(int(0, 60 * 24 * 30), 240),
    clinicians: v.pipe(v.array(Id), v.minLength(1, 'name at least one clinician')),
    /** Defaults to the server's `provider`. */
    provider: v.optional(v.pipe(v.string(), v.minLength(1))),
    access: v.optional(v.picklist(['public', 'ticket']), 'ticket'),
    patients: v.optional(v.picklist(['new', 'returning', 'any']), 'any'),
    asksDateOfBirth: v.optional(v.boolean(), false),
  }),
  v.transform((s) => ({ ...s, slotStepMinutes: s.slotStepMinutes ?? s.durationMinutes })),
);

const ConfigScheduleSchema = v.strictObject({
  /** The clinician (`clinicians[].id`) these hours belong to; one schedule each. */
  clinician: Id,
  ...ScheduleBodySchema.entries,
});

type PathKey = string | number;
/** A valibot issue path (what `getDotPath` reads) for `keys` under `input`. */
const issuePath = (input: unknown, keys: PathKey[]) => {
  let value: unknown = input;
  return keys.map((key) => {
    const parent = value as Record<PathKey, unknown>;
    value = parent[key];
    return typeof key === 'number'
      ? {
          type: 'array' as const,
          origin: 'value' as const,
          input: parent as unknown as unknown[],
          key,
          value,
        }
      : { type: 'object' as const, origin: 'value' as const, input: parent, key, value };
  }) as unknown as [v.IssuePathItem, ...v.IssuePathItem[]];
};

export const BookingConfigSchema = v.pipe(
  v.strictObject({
    /** The clinic's IANA zone: schedules without their own `zone` are in it. */
    timezone: v.optional(ZoneSchema, 'UTC'),
    clinicians: v.optional(v.array(ClinicianSchema), []),
    services: v.optional(v.array(ServiceSchema), []),
    /** Seeds the database at start (see docs/booking.md); staff then edit them through `/v1/schedules`. */
    schedules: v.optional(v.array(ConfigScheduleSchema), []),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const booking = dataset.value;
    const at = (keys: PathKey[], message: string) => addIssue({ message, path: issuePath(booking, keys) });
    const clinicianIds = new Set<string>();
    booking.clinicians.forEach((c, i) => {
      if (clinicianIds.has(c.id)) at(['clinicians', i, 'id'], `duplicate clinician id "${c.id}"`);
      clinicianIds.add(c.id);
    });
    const serviceIds = new Set<string>();
    booking.services.forEach((s, i) => {
      if (serviceIds.has(s.id)) at(['services', i, 'id'], `duplicate service id "${s.id}"`);
      serviceIds.add(s.id);
      s.clinicians.forEach((c, j) => {
        if (!clinicianIds.has(c)) at(['services', i, 'clinicians', j], `unknown clinician "${c}"`);
      });
      // An anonymous caller cannot be known as new or returning: only a ticket can say so.
      if (s.access === 'public' && s.patients !== 'any')
        at(
          ['services', i, 'patients'],
          'a public service takes any patient: use access "ticket" for new or returning only',
        );
    });
    const scheduled = new Set<string>();
    booking.schedules.forEach((s, i) => {
      if (!clinicianIds.has(s.clinician))
        at(['schedules', i, 'clinician'], `unknown clinician "${s.clinician}"`);
      if (scheduled.has(s.clinician))
        at(['schedules', i, 'clinician'], `a second schedule for "${s.clinician}"`);
      scheduled.add(s.clinician);
      for (const p of scheduleProblems(s)) {
        const keys = p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        at(['schedules', i, ...keys], `${p.message} (${p.code})`);
      }
    });
  }),
);

export type BookingConfig = v.InferOutput<typeof BookingConfigSchema>;
export type BookingConfigInput = v.InferInput<typeof BookingConfigSchema>;
export type ConfigSchedule = BookingConfig['schedules'][number];

/** The configured visit types and clinicians, with each service's provider defaulted to the server's. */
export interface BookingCatalog {
  timezone: string;
  services: ReadonlyMap<string, Service>;
  clinicians: ReadonlyMap<string, Clinician>;
}

export function bookingCatalog(booking: BookingConfig, defaultProvider: string): BookingCatalog {
  return {
    timezone: booking.timezone,
    services: new Map(booking.services.map((s) => [s.id, { ...s, provider: s.provider ?? defaultProvider }])),
    clinicians: new Map(booking.clinicians.map((c) => [c.id, c])),
  };
}
