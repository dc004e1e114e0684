import type pg from 'pg';
import { inTransaction, type Queryable } from './pg-common.js';
import type { Schedule, ScheduleStore, SeedOutcome } from './schedule-types.js';
import { exceptionId, seedStep, toSchedule, withIds, type ScheduleRow } from './sqlite-schedules.js';

/**
 * Schedules on PostgreSQL (the same rules as sqlite-schedules.ts). Each method is one transaction; the
 * row is locked (`FOR UPDATE`) before a version check, so two instances' writes to one schedule queue
 * up and the second sees the first's version. A clinician's first write takes a transaction-scoped
 * advisory lock on the id, as there is no row to lock yet.
 */
export function createPgSchedules(pool: pg.Pool): ScheduleStore {
  const row = async (db: Queryable, clinicianId: string) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`schedule:${clinicianId}`]);
    const { rows } = await db.query<ScheduleRow>(
      'SELECT * FROM schedules WHERE clinician_id = $1 FOR UPDATE',
      [clinicianId],
    );
    return rows[0];
  };
  const live = async (db: Queryable, clinicianId: string) => {
    const r = await row(db, clinicianId);
    return r && r.deleted === 0 ? toSchedule(r) : undefined;
  };
  const save = async (db: Queryable, s: Omit<Schedule, 'updatedAt'>, now: Date): Promise<Schedule> => {
    await db.query(
      `INSERT INTO schedules (clinician_id, zone, weekly, exceptions, origin, version, deleted, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)
       ON CONFLICT (clinician_id) DO UPDATE SET zone = excluded.zone, weekly = excluded.weekly,
       exceptions = excluded.exceptions, origin = excluded.origin, version = excluded.version, deleted = 0,
       updated_at = excluded.updated_at`,
      [
        s.clinicianId,
        s.zone,
        JSON.stringify(s.weekly),
        JSON.stringify(s.exceptions),
        s.origin,
        s.version,
        now.getTime(),
      ],
    );
    return { ...s, updatedAt: now };
  };
  const change = <T>(
    clinicianId: string,
    ifVersion: number | undefined,
    fn: (db: Queryable, current: Schedule) => Promise<T>,
  ): Promise<T | 'stale' | undefined> =>
    inTransaction(pool, async (db) => {
      const current = await live(db, clinicianId);
      if (!current) return undefined;
      if (ifVersion !== undefined && current.version !== ifVersion) return 'stale' as const;
      return fn(db, current);
    });

  return {
    async list() {
      const { rows } = await pool.query<ScheduleRow>(
        'SELECT * FROM schedules WHERE deleted = 0 ORDER BY clinician_id',
      );
      return rows.map(toSchedule);
    },
    async get(clinicianId) {
      const { rows } = await pool.query<ScheduleRow>('SELECT * FROM schedules WHERE clinician_id = $1', [
        clinicianId,
      ]);
      return rows[0] && rows[0].deleted === 0 ? toSchedule(rows[0]) : undefined;
    },
    async create(s, now) {
      return inTransaction(pool, async (db) => {
        const existing = await row(db, s.clinicianId);
        if (existing && existing.deleted === 0) return 'exists' as const;
        const version = (existing?.version ?? 0) + 1;
        return save(db, { ...s, exceptions: withIds(s.exceptions), origin: 'staff', version }, now);
      });
    },
    async replace(s, now, ifVersion) {
      return change(s.clinicianId, ifVersion, (db, current) =>
        save(
          db,
          { ...s, exceptions: withIds(s.exceptions), origin: 'staff', version: current.version + 1 },
          now,
        ),
      );
    },
    async remove(clinicianId, now, ifVersion) {
      const result = await change(clinicianId, ifVersion, async (db) => {
        const { rowCount } = await db.query(
          `UPDATE schedules SET deleted = 1, origin = 'staff', version = version + 1, updated_at = $1
           WHERE clinician_id = $2`,
          [now.getTime(), clinicianId],
        );
        return rowCount === 1;
      });
      return result ?? false;
    },
    async addException(clinicianId, input, now, ifVersion) {
      return change(clinicianId, ifVersion, async (db, current) => {
        const exception = { id: exceptionId(), ...input };
        const exceptions = [...current.exceptions, exception];
        const schedule = await save(
          db,
          { ...current, exceptions, origin: 'staff', version: current.version + 1 },
          now,
        );
        return { schedule, exception };
      });
    },
    async removeException(clinicianId, id, now, ifVersion) {
      return change(clinicianId, ifVersion, async (db, current) => {
        const exceptions = current.exceptions.filter((e) => e.id !== id);
        if (exceptions.length === current.exceptions.length) return undefined;
        return save(db, { ...current, exceptions, origin: 'staff', version: current.version + 1 }, now);
      });
    },
    async seed(schedules, now) {
      const outcomes: Record<string, SeedOutcome> = {};
      await inTransaction(pool, async (db) => {
        for (const s of schedules) {
          const { outcome, write } = seedStep(await row(db, s.clinicianId), s);
          if (write) await save(db, write, now);
          outcomes[s.clinicianId] = outcome;
        }
      });
      return outcomes;
    },
  };
}
