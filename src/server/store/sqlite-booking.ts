import type Database from 'better-sqlite3';
import { insertJob } from '../jobs/sqlite-insert.js';
import type { NewJob } from '../jobs/types.js';
import type { Sealer } from './sealed-json.js';
import {
  BookingError,
  type AppointmentRecord,
  type BookingStore,
  type IdempotentAnswer,
  type PatientDetails,
} from './booking-types.js';
import type { PurgeCutoffs } from './types.js';
import {
  toAppointment,
  toHold,
  type AppointmentRow,
  type HoldRow,
  type OccupiedRow,
} from './sqlite-booking-rows.js';

/*
 * How double booking is made impossible: capacity units.
 *
 * A clinician's time is cut into fixed 5-minute units. A hold or appointment takes one row in
 * `capacity_units` for every unit its time covers, buffer included, from the unit its start falls in to
 * the unit before its end; all rows at one `seat` (0 .. capacity-1 of the service). The primary key
 * (clinician_id, unit_start, seat) then refuses a second taker of any unit at that seat, whatever the
 * two ranges are: a 20- and a 30-minute visit of one clinician that overlap by a single minute share
 * a unit and cannot both be written. Unlike a unique key on (clinician, start, end), this also holds for
 * unequal ranges, and unlike a check-then-insert it holds when two requests race: the second INSERT
 * fails in the database. Each attempt at a seat runs in a savepoint, so a collision undoes only that
 * attempt and the next seat or clinician is tried.
 *
 * Holds own their units as `h:<hold id>`. Booking hands them over to `a:<appointment id>` in the same
 * transaction (the hold's capacity is never free in between); cancelling deletes them; a reschedule
 * swaps the old units for the new hold's. Expired holds are deleted, units included, at the start of
 * every command that takes capacity, so an expired hold's slot is free for the next request at once.
 * The unit grid is coarser than a minute on purpose: a range that is not on the grid takes the whole
 * unit it touches (conservative, never a double booking).
 */
export const UNIT_MS = 5 * 60_000;

export const unitStarts = (start: number, until: number): number[] => {
  const units: number[] = [];
  for (let t = Math.floor(start / UNIT_MS) * UNIT_MS; t < until; t += UNIT_MS) units.push(t);
  return units;
};

/** Sealed values are bound to their row and column. */
export const patientAad = (id: string) => `${id}#patient`;
export const answerAad = (scope: string, key: string) => `${scope}\n${key}#idempotency`;

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE');

/** Purge rules of the booking tables, run by the store's `purge` with the others. */
export function bookingPurgeRules(db: Database.Database) {
  const expiredUnits = db.prepare(
    `DELETE FROM capacity_units WHERE owner IN (SELECT 'h:' || id FROM booking_holds WHERE expires_at <= ?)`,
  );
  const expiredHolds = db.prepare('DELETE FROM booking_holds WHERE expires_at <= ?');
  const patient = db.prepare(
    'UPDATE appointments SET patient = NULL WHERE patient IS NOT NULL AND ends_at < ?',
  );
  return [
    {
      table: 'booking_holds',
      run: (c: PurgeCutoffs) => {
        expiredUnits.run(c.now.getTime());
        return expiredHolds.run(c.now.getTime()).changes;
      },
    },
    {
      table: 'appointments.patient',
      run: (c: PurgeCutoffs) => patient.run(c.patientDataBefore.getTime()).changes,
    },
  ];
}

/** The SQLite booking store, on the consult store's connection (migrations already applied). */
export function createSqliteBookingStore(db: Database.Database, sealer: Sealer): BookingStore {
  const q = {
    expiredUnits: db.prepare(
      `DELETE FROM capacity_units WHERE owner IN (SELECT 'h:' || id FROM booking_holds WHERE expires_at <= ?)`,
    ),
    expiredHolds: db.prepare('DELETE FROM booking_holds WHERE expires_at <= ?'),
    holdsOf: db.prepare<[string], { id: string }>('SELECT id FROM booking_holds WHERE holder = ?'),
    liveFrom: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM booking_holds WHERE source = ?'),
    hold: db.prepare<[string], HoldRow>('SELECT * FROM booking_holds WHERE id = ?'),
    insertHold: db.prepare(
      `INSERT INTO booking_holds (id, service_id, clinician_id, starts_at, ends_at, blocked_until, expires_at,
         secret_hash, holder, source, created_at)
       VALUES (@id, @serviceId, @clinicianId, @start, @end, @blockedUntil, @expiresAt, @secretHash, @holder,
         @source, @now)`,
    ),
    deleteHold: db.prepare('DELETE FROM booking_holds WHERE id = ?'),
    insertUnit: db.prepare(
      'INSERT INTO capacity_units (clinician_id, unit_start, seat, owner) VALUES (?, ?, ?, ?)',
    ),
    deleteUnits: db.prepare('DELETE FROM capacity_units WHERE owner = ?'),
    moveUnits: db.prepare('UPDATE capacity_units SET owner = ? WHERE owner = ?'),
    appointment: db.prepare<[string], AppointmentRow>('SELECT * FROM appointments WHERE id = ?'),
    byToken: db.prepare<[string], AppointmentRow>('SELECT * FROM appointments WHERE token_hash = ?'),
    patient: db.prepare<[string], { patient: string | null }>(
      'SELECT patient FROM appointments WHERE id = ?',
    ),
    insertAppointment: db.prepare(
      `INSERT INTO appointments (id, service_id, clinician_id, provider, starts_at, ends_at, blocked_until, status,
         sequence, room_key, token_hash, holder, patient, created_at, updated_at)
       VALUES (@id, @serviceId, @clinicianId, @provider, @start, @end, @blockedUntil, 'pending', 0, @id,
         @tokenHash, @holder, @patient, @now, @now)`,
    ),
    cancel: db.prepare(
      `UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = ?
       WHERE id = ? AND status != 'cancelled'`,
    ),
    move: db.prepare(
      `UPDATE appointments SET clinician_id = @clinicianId, starts_at = @start, ends_at = @end,
         blocked_until = @blockedUntil, status = 'pending', status_reason = NULL, sequence = sequence + 1,
         room_key = id || '.' || (sequence + 1), updated_at = @now
       WHERE id = @id`,
    ),
    settle: db.prepare(
      `UPDATE appointments SET status = ?, status_reason = ?, updated_at = ?
       WHERE id = ? AND sequence = ? AND status = 'pending'`,
    ),
    occupied: db.prepare<[string, number, number, number, string, number, number], OccupiedRow>(
      `SELECT clinician_id, starts_at, blocked_until FROM booking_holds
         WHERE clinician_id IN (SELECT value FROM json_each(?)) AND expires_at > ? AND starts_at < ? AND blocked_until > ?
       UNION ALL
       SELECT clinician_id, starts_at, blocked_until FROM appointments
         WHERE clinician_id IN (SELECT value FROM json_each(?)) AND status != 'cancelled' AND starts_at < ? AND blocked_until > ?`,
    ),
    idempotency: db.prepare<
      [string, string],
      { fingerprint: string; status: number; body: string; expires_at: number }
    >('SELECT fingerprint, status, body, expires_at FROM idempotency_records WHERE scope = ? AND key = ?'),
    claimIdempotency: db.prepare(
      `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at) VALUES (?, ?, ?, 0, '', ?)
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = 0, body = '',
       expires_at = excluded.expires_at`,
    ),
    answerIdempotency: db.prepare(
      `UPDATE idempotency_records SET status = ?, body = ?, expires_at = ? WHERE scope = ? AND key = ?`,
    ),
    abandonIdempotency: db.prepare(
      'DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND status = 0',
    ),
  };

  const releaseExpired = (now: Date) => {
    q.expiredUnits.run(now.getTime());
    q.expiredHolds.run(now.getTime());
  };
  const releaseHold = (id: string) => {
    q.deleteUnits.run(`h:${id}`);
    q.deleteHold.run(id);
  };
  /** Takes every unit of [start, until) at one seat, or none (a savepoint per attempt). */
  const takeSeat = db.transaction((clinicianId: string, seat: number, units: number[], owner: string) => {
    for (const unit of units) q.insertUnit.run(clinicianId, unit, seat, owner);
  });
  const tryTake = (clinicianId: string, seat: number, units: number[], owner: string): boolean => {
    try {
      takeSeat(clinicianId, seat, units, owner);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };
  /** A live hold of this id and secret, inside a transaction. */
  const liveHold = (id: string, secretHash: string, now: Date): HoldRow => {
    const hold = q.hold.get(id);
    if (!hold || hold.secret_hash !== secretHash) throw new BookingError('hold-not-found');
    if (hold.expires_at <= now.getTime()) throw new BookingError('hold-expired');
    return hold;
  };
  const insertJobs = (jobs: readonly NewJob[], now: Date) => {
    for (const job of jobs) insertJob(db, job, now);
  };
  const saveAnswer = (answer: IdempotentAnswer, appointment: AppointmentRecord) => {
    const { status, body } = answer.respond(appointment);
    q.answerIdempotency.run(
      status,
      sealer.seal(body, answerAad(answer.scope, answer.key)),
      answer.expiresAt.getTime(),
      answer.scope,
      answer.key,
    );
  };
  const appointmentOf = (id: string) => {
    const row = q.appointment.get(id);
    if (!row) throw new BookingError('appointment-not-found');
    return toAppointment(row);
  };

  const createHold = db.transaction((h: Parameters<BookingStore['createHold']>[0], now: Date) => {
    releaseExpired(now);
    for (const { id } of q.holdsOf.all(h.holder)) releaseHold(id);
    if (q.liveFrom.get(h.source)!.n >= h.maxPerSource) throw new BookingError('hold-limit');
    const units = unitStarts(h.start.getTime(), h.blockedUntil.getTime());
    const owner = `h:${h.id}`;
    const clinicianId = h.clinicianIds.find((c) => {
      for (let seat = 0; seat < h.capacity; seat++) if (tryTake(c, seat, units, owner)) return true;
      return false;
    });
    if (clinicianId === undefined) throw new BookingError('slot-taken');
    q.insertHold.run({
      id: h.id,
      serviceId: h.serviceId,
      clinicianId,
      start: h.start.getTime(),
      end: h.end.getTime(),
      blockedUntil: h.blockedUntil.getTime(),
      expiresAt: h.expiresAt.getTime(),
      secretHash: h.secretHash,
      holder: h.holder,
      source: h.source,
      now: now.getTime(),
    });
    return toHold(q.hold.get(h.id)!);
  });

  const book = db.transaction((input: Parameters<BookingStore['book']>[0], now: Date) => {
    const hold = liveHold(input.holdId, input.secretHash, now);
    const { id } = input.appointment;
    q.insertAppointment.run({
      id,
      serviceId: hold.service_id,
      clinicianId: hold.clinician_id,
      provider: input.appointment.provider,
      start: hold.starts_at,
      end: hold.ends_at,
      blockedUntil: hold.blocked_until,
      tokenHash: input.appointment.tokenHash,
      holder: hold.holder,
      patient: sealer.seal(input.appointment.patient, patientAad(id)),
      now: now.getTime(),
    });
    // The hold's units become the appointment's: its capacity is never free in between.
    q.moveUnits.run(`a:${id}`, `h:${hold.id}`);
    q.deleteHold.run(hold.id);
    insertJobs(input.jobs, now);
    const appointment = appointmentOf(id);
    saveAnswer(input.answer, appointment);
    return appointment;
  });

  const reschedule = db.transaction((input: Parameters<BookingStore['reschedule']>[0], now: Date) => {
    const previous = appointmentOf(input.appointmentId);
    if (previous.status === 'cancelled') throw new BookingError('appointment-cancelled');
    const hold = liveHold(input.holdId, input.secretHash, now);
    if (hold.service_id !== previous.serviceId) throw new BookingError('hold-not-found');
    const owner = `a:${previous.id}`;
    q.deleteUnits.run(owner);
    q.moveUnits.run(owner, `h:${hold.id}`);
    q.deleteHold.run(hold.id);
    q.move.run({
      id: previous.id,
      clinicianId: hold.clinician_id,
      start: hold.starts_at,
      end: hold.ends_at,
      blockedUntil: hold.blocked_until,
      now: now.getTime(),
    });
    const appointment = appointmentOf(previous.id);
    insertJobs(input.jobs(appointment, previous), now);
    saveAnswer(input.answer, appointment);
    return appointment;
  });

  const cancel = db.transaction(
    (id: string, jobs: (a: AppointmentRecord) => NewJob[], now: Date): AppointmentRecord => {
      if (q.cancel.run(now.getTime(), id).changes === 0) return appointmentOf(id);
      q.deleteUnits.run(`a:${id}`);
      const appointment = appointmentOf(id);
      insertJobs(jobs(appointment), now);
      return appointment;
    },
  );

  const settle = db.transaction(
    (
      id: string,
      sequence: number,
      outcome: Parameters<BookingStore['settleVendor']>[2],
      now: Date,
    ): boolean => {
      const changed =
        q.settle.run(outcome.status, outcome.reason ?? null, now.getTime(), id, sequence).changes === 1;
      if (changed) insertJobs(outcome.jobs ?? [], now);
      return changed;
    },
  );

  const beginIdempotent = db.transaction(
    (scope: string, key: string, fingerprint: string, now: Date, leaseUntil: Date) => {
      const row = q.idempotency.get(scope, key);
      if (row && row.expires_at > now.getTime()) {
        if (row.fingerprint !== fingerprint) return { state: 'mismatch' as const };
        if (row.status === 0) return { state: 'in-flight' as const };
        return {
          state: 'done' as const,
          status: row.status,
          body: sealer.open(row.body, answerAad(scope, key)),
        };
      }
      q.claimIdempotency.run(scope, key, fingerprint, leaseUntil.getTime());
      return { state: 'new' as const };
    },
  );

  return {
    async createHold(hold, now) {
      return createHold.immediate(hold, now);
    },
    async releaseHold(id, secretHash, now) {
      return db
        .transaction(() => {
          const hold = q.hold.get(id);
          if (!hold || hold.secret_hash !== secretHash || hold.expires_at <= now.getTime()) return false;
          releaseHold(id);
          return true;
        })
        .immediate();
    },
    async findHold(id, secretHash, now) {
      const hold = q.hold.get(id);
      if (!hold || hold.secret_hash !== secretHash) throw new BookingError('hold-not-found');
      if (hold.expires_at <= now.getTime()) throw new BookingError('hold-expired');
      return toHold(hold);
    },
    async book(input, now) {
      return book.immediate(input, now);
    },
    async reschedule(input, now) {
      return reschedule.immediate(input, now);
    },
    async cancel(id, jobs, now) {
      return cancel.immediate(id, jobs, now);
    },
    async findAppointment(id) {
      const row = q.appointment.get(id);
      return row && toAppointment(row);
    },
    async findByToken(tokenHash) {
      const row = q.byToken.get(tokenHash);
      return row && toAppointment(row);
    },
    async patientDetails(id) {
      const row = q.patient.get(id);
      if (!row || row.patient === null) return undefined;
      return sealer.open(row.patient, patientAad(id)) as PatientDetails;
    },
    async settleVendor(id, sequence, outcome, now) {
      return settle.immediate(id, sequence, outcome, now);
    },
    async beginIdempotent(scope, key, fingerprint, now, leaseUntil) {
      return beginIdempotent.immediate(scope, key, fingerprint, now, leaseUntil);
    },
    async abandonIdempotent(scope, key) {
      q.abandonIdempotency.run(scope, key);
    },
    async occupied(clinicianIds, from, to, now) {
      const ids = JSON.stringify(clinicianIds);
      return q.occupied
        .all(ids, now.getTime(), to.getTime(), from.getTime(), ids, to.getTime(), from.getTime())
        .map((r) => ({
          clinicianId: r.clinician_id,
          start: new Date(r.starts_at),
          end: new Date(r.blocked_until),
          units: 1,
        }));
    },
  };
}
