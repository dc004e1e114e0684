import type pg from 'pg';
import type { NewJob } from '../jobs/types.js';
import type { Sealer } from './sealed-json.js';
import {
  BookingError,
  type AppointmentRecord,
  type BookingStore,
  type IdempotentAnswer,
  type PatientDetails,
} from './booking-types.js';
import { insertJobPg, inTransaction, isUniqueViolation, type Queryable } from './pg-common.js';
import { answerAad, patientAad, unitStarts } from './sqlite-booking.js';
import {
  toAppointment,
  toHold,
  type AppointmentRow,
  type HoldRow,
  type OccupiedRow,
} from './sqlite-booking-rows.js';
import type { PurgeCutoffs } from './types.js';

/** Purge statements of the booking tables, run by the store's `purge` with the others. */
export const PG_BOOKING_PURGE: { table: string; run: (db: Queryable, c: PurgeCutoffs) => Promise<number> }[] =
  [
    {
      table: 'booking_holds',
      run: async (db, c) => {
        await db.query(
          `DELETE FROM capacity_units WHERE owner IN (SELECT 'h:' || id FROM booking_holds WHERE expires_at <= $1)`,
          [c.now.getTime()],
        );
        return (await db.query('DELETE FROM booking_holds WHERE expires_at <= $1', [c.now.getTime()]))
          .rowCount!;
      },
    },
    {
      table: 'appointments.patient',
      run: async (db, c) =>
        (
          await db.query(
            'UPDATE appointments SET patient = NULL WHERE patient IS NOT NULL AND ends_at < $1',
            [c.patientDataBefore.getTime()],
          )
        ).rowCount!,
    },
  ];

/**
 * The booking store on PostgreSQL, shared by every instance: the capacity-unit model of
 * sqlite-booking.ts, whose primary key (clinician, unit, seat) refuses a second taker across instances.
 * Two transactions that insert the same unit queue on it: the second fails with a unique violation when
 * the first commits (or goes on when it rolls back). Each seat attempt runs in a savepoint, so a
 * collision undoes only that attempt. Expired holds are released in the same transaction as the
 * command that takes capacity. Units are inserted in ascending order, so two takers never deadlock.
 */
export function createPgBookingStore(pool: pg.Pool, sealer: Sealer): BookingStore {
  const one = async <R extends pg.QueryResultRow>(db: Queryable, sql: string, params: unknown[]) =>
    (await db.query<R>(sql, params)).rows[0];
  // Each in one statement: the holds go, and their capacity units with them.
  const releaseExpired = (db: Queryable, now: Date) =>
    db.query(
      `WITH gone AS (DELETE FROM booking_holds WHERE expires_at <= $1 RETURNING id)
       DELETE FROM capacity_units WHERE owner IN (SELECT 'h:' || id FROM gone)`,
      [now.getTime()],
    );
  const releaseHolds = (db: Queryable, column: 'id' | 'holder', value: string) =>
    db.query(
      `WITH gone AS (DELETE FROM booking_holds WHERE ${column} = $1 RETURNING id)
       DELETE FROM capacity_units WHERE owner IN (SELECT 'h:' || id FROM gone)`,
      [value],
    );
  const tryTake = async (
    db: Queryable,
    clinicianId: string,
    seat: number,
    units: number[],
    owner: string,
  ) => {
    await db.query('SAVEPOINT seat');
    try {
      await db.query(
        `INSERT INTO capacity_units (clinician_id, unit_start, seat, owner)
         SELECT $1, u, $2, $3 FROM unnest($4::bigint[]) AS u ORDER BY u`,
        [clinicianId, seat, owner, units],
      );
      await db.query('RELEASE SAVEPOINT seat');
      return true;
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT seat');
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };
  const liveHold = async (db: Queryable, id: string, secretHash: string, now: Date, lock: boolean) => {
    const hold = await one<HoldRow>(
      db,
      `SELECT * FROM booking_holds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!hold || hold.secret_hash !== secretHash) throw new BookingError('hold-not-found');
    if (hold.expires_at <= now.getTime()) throw new BookingError('hold-expired');
    return hold;
  };
  const insertJobs = async (db: Queryable, jobs: readonly NewJob[], now: Date) => {
    for (const job of jobs) await insertJobPg(db, job, now);
  };
  const saveAnswer = async (db: Queryable, answer: IdempotentAnswer, appointment: AppointmentRecord) => {
    const { status, body } = answer.respond(appointment);
    await db.query(
      `UPDATE idempotency_records SET status = $1, body = $2, expires_at = $3 WHERE scope = $4 AND key = $5`,
      [
        status,
        sealer.seal(body, answerAad(answer.scope, answer.key)),
        answer.expiresAt.getTime(),
        answer.scope,
        answer.key,
      ],
    );
  };
  const appointmentOf = async (db: Queryable, id: string, lock = false) => {
    const row = await one<AppointmentRow>(
      db,
      `SELECT * FROM appointments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new BookingError('appointment-not-found');
    return toAppointment(row);
  };
  const tx = <T>(fn: (db: pg.PoolClient) => Promise<T>) => inTransaction(pool, fn);

  return {
    async createHold(h, now) {
      return tx(async (db) => {
        await releaseExpired(db, now);
        await releaseHolds(db, 'holder', h.holder);
        const units = unitStarts(h.start.getTime(), h.blockedUntil.getTime());
        const owner = `h:${h.id}`;
        let clinicianId: string | undefined;
        search: for (const c of h.clinicianIds) {
          for (let seat = 0; seat < h.capacity; seat++) {
            if (await tryTake(db, c, seat, units, owner)) {
              clinicianId = c;
              break search;
            }
          }
        }
        // The per-source cap: counted under a lock per source (held to the commit), taken last so that
        // it serialises only the count and the insert, not the search for a seat.
        if (clinicianId !== undefined) {
          await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hold-source:${h.source}`]);
        }
        const live = await one<{ n: number }>(
          db,
          'SELECT count(*) AS n FROM booking_holds WHERE source = $1',
          [h.source],
        );
        if (live!.n >= h.maxPerSource) throw new BookingError('hold-limit');
        if (clinicianId === undefined) throw new BookingError('slot-taken');
        const row = await one<HoldRow>(
          db,
          `INSERT INTO booking_holds (id, service_id, clinician_id, starts_at, ends_at, blocked_until, expires_at,
             secret_hash, holder, source, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
          [
            h.id,
            h.serviceId,
            clinicianId,
            h.start.getTime(),
            h.end.getTime(),
            h.blockedUntil.getTime(),
            h.expiresAt.getTime(),
            h.secretHash,
            h.holder,
            h.source,
            now.getTime(),
          ],
        );
        return toHold(row!);
      });
    },
    async releaseHold(id, secretHash, now) {
      return tx(async (db) => {
        const hold = await one<HoldRow>(db, 'SELECT * FROM booking_holds WHERE id = $1 FOR UPDATE', [id]);
        if (!hold || hold.secret_hash !== secretHash || hold.expires_at <= now.getTime()) return false;
        await releaseHolds(db, 'id', id);
        return true;
      });
    },
    async findHold(id, secretHash, now) {
      return toHold(await liveHold(pool, id, secretHash, now, false));
    },
    async book(input, now) {
      return tx(async (db) => {
        const hold = await liveHold(db, input.holdId, input.secretHash, now, true);
        const { id } = input.appointment;
        await db.query(
          `INSERT INTO appointments (id, service_id, clinician_id, provider, starts_at, ends_at, blocked_until, status,
             sequence, room_key, token_hash, holder, patient, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $1, $8, $9, $10, $11, $11)`,
          [
            id,
            hold.service_id,
            hold.clinician_id,
            input.appointment.provider,
            hold.starts_at,
            hold.ends_at,
            hold.blocked_until,
            input.appointment.tokenHash,
            hold.holder,
            sealer.seal(input.appointment.patient, patientAad(id)),
            now.getTime(),
          ],
        );
        // The hold's units become the appointment's: its capacity is never free in between.
        await db.query('UPDATE capacity_units SET owner = $1 WHERE owner = $2', [`a:${id}`, `h:${hold.id}`]);
        await db.query('DELETE FROM booking_holds WHERE id = $1', [hold.id]);
        await insertJobs(db, input.jobs, now);
        const appointment = await appointmentOf(db, id);
        await saveAnswer(db, input.answer, appointment);
        return appointment;
      });
    },
    async reschedule(input, now) {
      return tx(async (db) => {
        const previous = await appointmentOf(db, input.appointmentId, true);
        if (previous.status === 'cancelled') throw new BookingError('appointment-cancelled');
        const hold = await liveHold(db, input.holdId, input.secretHash, now, true);
        if (hold.service_id !== previous.serviceId) throw new BookingError('hold-not-found');
        const owner = `a:${previous.id}`;
        await db.query('DELETE FROM capacity_units WHERE owner = $1', [owner]);
        await db.query('UPDATE capacity_units SET owner = $1 WHERE owner = $2', [owner, `h:${hold.id}`]);
        await db.query('DELETE FROM booking_holds WHERE id = $1', [hold.id]);
        await db.query(
          `UPDATE appointments SET clinician_id = $2, starts_at = $3, ends_at = $4,
             blocked_until = $5, status = 'pending', status_reason = NULL, sequence = sequence + 1,
             room_key = id || '.' || (sequence + 1), updated_at = $6
           WHERE id = $1`,
          [previous.id, hold.clinician_id, hold.starts_at, hold.ends_at, hold.blocked_until, now.getTime()],
        );
        const appointment = await appointmentOf(db, previous.id);
        await insertJobs(db, input.jobs(appointment, previous), now);
        await saveAnswer(db, input.answer, appointment);
        return appointment;
      });
    },
    async cancel(id, jobs, now) {
      return tx(async (db) => {
        const { rowCount } = await db.query(
          `UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
           WHERE id = $2 AND status != 'cancelled'`,
          [now.getTime(), id],
        );
        if (rowCount === 0) return appointmentOf(db, id);
        await db.query('DELETE FROM capacity_units WHERE owner = $1', [`a:${id}`]);
        const appointment = await appointmentOf(db, id);
        await insertJobs(db, jobs(appointment), now);
        return appointment;
      });
    },
    async findAppointment(id) {
      const row = await one<AppointmentRow>(pool, 'SELECT * FROM appointments WHERE id = $1', [id]);
      return row && toAppointment(row);
    },
    async findByToken(tokenHash) {
      const row = await one<AppointmentRow>(pool, 'SELECT * FROM appointments WHERE token_hash = $1', [
        tokenHash,
      ]);
      return row && toAppointment(row);
    },
    async patientDetails(id) {
      const row = await one<{ patient: string | null }>(
        pool,
        'SELECT patient FROM appointments WHERE id = $1',
        [id],
      );
      if (!row || row.patient === null) return undefined;
      return sealer.open(row.patient, patientAad(id)) as PatientDetails;
    },
    async settleVendor(id, sequence, outcome, now) {
      return tx(async (db) => {
        const { rowCount } = await db.query(
          `UPDATE appointments SET status = $1, status_reason = $2, updated_at = $3
           WHERE id = $4 AND sequence = $5 AND status = 'pending'`,
          [outcome.status, outcome.reason ?? null, now.getTime(), id, sequence],
        );
        if (rowCount === 1) await insertJobs(db, outcome.jobs ?? [], now);
        return rowCount === 1;
      });
    },
    async beginIdempotent(scope, key, fingerprint, now, leaseUntil) {
      return tx(async (db) => {
        // A new key is claimed by the insert; a concurrent claim on another instance waits for this one.
        const inserted = await db.query(
          `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at)
           VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING`,
          [scope, key, fingerprint, leaseUntil.getTime()],
        );
        if (inserted.rowCount === 1) return { state: 'new' as const };
        const row = await one<{ fingerprint: string; status: number; body: string; expires_at: number }>(
          db,
          'SELECT fingerprint, status, body, expires_at FROM idempotency_records WHERE scope = $1 AND key = $2 FOR UPDATE',
          [scope, key],
        );
        if (row && row.expires_at > now.getTime()) {
          if (row.fingerprint !== fingerprint) return { state: 'mismatch' as const };
          if (row.status === 0) return { state: 'in-flight' as const };
          return {
            state: 'done' as const,
            status: row.status,
            body: sealer.open(row.body, answerAad(scope, key)),
          };
        }
        await db.query(
          `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at) VALUES ($1, $2, $3, 0, '', $4)
           ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = 0, body = '',
           expires_at = excluded.expires_at`,
          [scope, key, fingerprint, leaseUntil.getTime()],
        );
        return { state: 'new' as const };
      });
    },
    async abandonIdempotent(scope, key) {
      await pool.query('DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND status = 0', [
        scope,
        key,
      ]);
    },
    async occupied(clinicianIds, from, to, now) {
      const { rows } = await pool.query<OccupiedRow>(
        `SELECT clinician_id, starts_at, blocked_until FROM booking_holds
           WHERE clinician_id = ANY($1) AND expires_at > $2 AND starts_at < $3 AND blocked_until > $4
         UNION ALL
         SELECT clinician_id, starts_at, blocked_until FROM appointments
           WHERE clinician_id = ANY($1) AND status != 'cancelled' AND starts_at < $3 AND blocked_until > $4`,
        [clinicianIds, now.getTime(), to.getTime(), from.getTime()],
      );
      return rows.map((r) => ({
        clinicianId: r.clinician_id,
        start: new Date(r.starts_at),
        end: new Date(r.blocked_until),
        units: 1,
      }));
    },
  };
}
