import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ExceptionInput } from '../booking/schedule-schema.js';
import type {
  Schedule,
  ScheduleException,
  ScheduleStore,
  ScheduleWrite,
  SeedOutcome,
} from './schedule-types.js';

export interface ScheduleRow {
  clinician_id: string;
  zone: string;
  weekly: string;
  exceptions: string;
  origin: Schedule['origin'];
  version: number;
  deleted: number;
  updated_at: number;
}

export const toSchedule = (r: ScheduleRow): Schedule => ({
  clinicianId: r.clinician_id,
  zone: r.zone,
  weekly: JSON.parse(r.weekly) as Schedule['weekly'],
  exceptions: JSON.parse(r.exceptions) as ScheduleException[],
  origin: r.origin,
  version: r.version,
  updatedAt: new Date(r.updated_at),
});

/** As stored (JSON drops undefined fields), to compare with what was read back. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
export const exceptionId = () => `ex_${randomBytes(9).toString('base64url')}`;
export const withIds = (exceptions: readonly ExceptionInput[]): ScheduleException[] =>
  exceptions.map((e) => ({ id: exceptionId(), ...e }));
/** Exceptions without their ids, to tell whether the configuration changed them. */
export const bare = (exceptions: readonly ScheduleException[]) => exceptions.map(({ id: _id, ...e }) => e);

/**
 * What seeding one configured schedule does to the stored row (both stores): a deleted or staff-edited schedule is
 * kept, a new one inserted at version 1, a changed one written as the next version, an equal one left alone.
 */
export const seedStep = (
  row: ScheduleRow | undefined,
  s: ScheduleWrite,
): { outcome: SeedOutcome; write?: Omit<Schedule, 'updatedAt'> } => {
  if (row?.deleted) return { outcome: 'kept-deleted' };
  if (row?.origin === 'staff') return { outcome: 'kept-staff' };
  const next = (version: number) => ({
    ...s,
    exceptions: withIds(s.exceptions),
    origin: 'config' as const,
    version,
  });
  if (!row) return { outcome: 'inserted', write: next(1) };
  const current = toSchedule(row);
  const same =
    current.zone === s.zone &&
    isDeepStrictEqual(current.weekly, plain(s.weekly)) &&
    isDeepStrictEqual(bare(current.exceptions), plain(s.exceptions));
  return same ? { outcome: 'unchanged' } : { outcome: 'updated', write: next(current.version + 1) };
};

/**
 * Schedules in the SQLite database, on the store's own connection. Each method is one transaction that
 * commits at once; a version check and the write it guards run in the same transaction.
 */
export function createSqliteSchedules(db: Database.Database): ScheduleStore {
  const q = {
    list: db.prepare<[], ScheduleRow>('SELECT * FROM schedules WHERE deleted = 0 ORDER BY clinician_id'),
    row: db.prepare<[string], ScheduleRow>('SELECT * FROM schedules WHERE clinician_id = ?'),
    upsert: db.prepare(
      `INSERT INTO schedules (clinician_id, zone, weekly, exceptions, origin, version, deleted, created_at, updated_at)
       VALUES (@clinicianId, @zone, @weekly, @exceptions, @origin, @version, 0, @now, @now)
       ON CONFLICT (clinician_id) DO UPDATE SET zone = excluded.zone, weekly = excluded.weekly,
       exceptions = excluded.exceptions, origin = excluded.origin, version = excluded.version, deleted = 0,
       updated_at = excluded.updated_at`,
    ),
    remove: db.prepare(
      `UPDATE schedules SET deleted = 1, origin = 'staff', version = version + 1, updated_at = ?
       WHERE clinician_id = ?`,
    ),
  };

  const live = (clinicianId: string) => {
    const row = q.row.get(clinicianId);
    return row && row.deleted === 0 ? toSchedule(row) : undefined;
  };
  const save = (s: Omit<Schedule, 'updatedAt'>, now: Date): Schedule => {
    q.upsert.run({
      clinicianId: s.clinicianId,
      zone: s.zone,
      weekly: JSON.stringify(s.weekly),
      exceptions: JSON.stringify(s.exceptions),
      origin: s.origin,
      version: s.version,
      now: now.getTime(),
    });
    return { ...s, updatedAt: now };
  };
  /** Runs `change` on the live schedule in one transaction, unless it is missing or its version moved on. */
  const change = <T>(
    clinicianId: string,
    ifVersion: number | undefined,
    fn: (current: Schedule) => T,
  ): T | 'stale' | undefined =>
    db.transaction(() => {
      const current = live(clinicianId);
      if (!current) return undefined;
      if (ifVersion !== undefined && current.version !== ifVersion) return 'stale' as const;
      return fn(current);
    })();
  /** The version after a deleted row's last one, so that an old `ETag` never matches a new schedule. */
  const nextVersion = (clinicianId: string) => (q.row.get(clinicianId)?.version ?? 0) + 1;

  return {
    async list() {
      return q.list.all().map(toSchedule);
    },
    async get(clinicianId) {
      return live(clinicianId);
    },
    async create(s, now) {
      return db.transaction(() => {
        if (live(s.clinicianId)) return 'exists' as const;
        const version = nextVersion(s.clinicianId);
        return save({ ...s, exceptions: withIds(s.exceptions), origin: 'staff', version }, now);
      })();
    },
    async replace(s, now, ifVersion) {
      return change(s.clinicianId, ifVersion, (current) =>
        save({ ...s, exceptions: withIds(s.exceptions), origin: 'staff', version: current.version + 1 }, now),
      );
    },
    async remove(clinicianId, now, ifVersion) {
      const result = change(
        clinicianId,
        ifVersion,
        () => q.remove.run(now.getTime(), clinicianId).changes === 1,
      );
      return result ?? false;
    },
    async addException(clinicianId, input, now, ifVersion) {
      return change(clinicianId, ifVersion, (current) => {
        const exception = { id: exceptionId(), ...input };
        const exceptions = [...current.exceptions, exception];
        const schedule = save({ ...current, exceptions, origin: 'staff', version: current.version + 1 }, now);
        return { schedule, exception };
      });
    },
    async removeException(clinicianId, id, now, ifVersion) {
      const result = change(clinicianId, ifVersion, (current) => {
        const exceptions = current.exceptions.filter((e) => e.id !== id);
        if (exceptions.length === current.exceptions.length) return undefined;
        return save({ ...current, exceptions, origin: 'staff', version: current.version + 1 }, now);
      });
      return result;
    },
    async seed(schedules, now) {
      const outcomes: Record<string, SeedOutcome> = {};
      db.transaction(() => {
        for (const s of schedules) {
          const { outcome, write } = seedStep(q.row.get(s.clinicianId), s);
          if (write) save(write, now);
          outcomes[s.clinicianId] = outcome;
        }
      })();
      return outcomes;
    },
  };
}
