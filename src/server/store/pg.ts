import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { createSealer } from './sealed-json.js';
import { createPgBookingStore, PG_BOOKING_PURGE } from './pg-booking.js';
import { createPool, inTransaction, type Queryable } from './pg-common.js';
import { createPgJobStore } from './pg-jobs.js';
import { createPgListener, type PgListener } from './pg-listen.js';
import { migratePg } from './pg-migrations.js';
import { createPgSchedules } from './pg-schedules.js';
import { createPgRateLimiter } from './pg-rate-limit.js';
import { createPgRoomPollShare } from './pg-room-polls.js';
import { createPgSubjectSlots } from './pg-stream-slots.js';
import { createPgSandboxPresence } from './pg-sandbox-presence.js';
import { nameAad, toAudit, toGrant, toRoom, type AuditRow, type GrantRow, type RoomRow } from './sqlite.js';
import {
  TicketReplayedError,
  type ConsultStore,
  type IdempotencyRecord,
  type PurgeCutoffs,
} from './types.js';
import { auditRow, foldAcceptance, type AcceptedTickets } from './audit-fold.js';

export interface PgStoreOptions {
  /** `postgres://…` (a secret: it may carry a password). */
  url: string;
  /** 32-byte key that seals vendor credentials and patient details at rest (see `deriveDataKey`). */
  dataKey: Uint8Array;
  /** Connections this instance's pool opens at most (default 10). */
  poolSize?: number;
}

/** A unit of work's writes, run in one PostgreSQL transaction at its end. */
interface UnitOfWork {
  writes: ((db: Queryable) => Promise<unknown>)[];
  ticketIds: Set<string>;
  accepted: AcceptedTickets;
}

const skip = async () => {};

/** The PostgreSQL store, plus what several instances share through it. */
export type PgStore = ConsultStore & {
  readonly pool: pg.Pool;
  /** LISTEN/NOTIFY on this instance's dedicated connection. */
  readonly listener: PgListener;
};

const PURGE: { table: string; sql: string; cutoff: (c: PurgeCutoffs) => Date }[] = [
  { table: 'ticket_replay', sql: 'DELETE FROM ticket_replay WHERE expires_at < $1', cutoff: (c) => c.now },
  {
    table: 'idempotency_records',
    sql: 'DELETE FROM idempotency_records WHERE expires_at < $1',
    cutoff: (c) => c.now,
  },
  {
    table: 'join_grants',
    sql: 'DELETE FROM join_grants WHERE (used_at IS NULL AND expires_at < $1) OR used_at < $1',
    cutoff: (c) => c.grantsBefore,
  },
  {
    table: 'rooms',
    sql: `DELETE FROM rooms WHERE starts_at + duration_minutes * 60000 < $1
       AND NOT EXISTS (SELECT 1 FROM join_grants g WHERE g.room_id = rooms.id)`,
    cutoff: (c) => c.roomsEndedBefore,
  },
  { table: 'audit_events', sql: 'DELETE FROM audit_events WHERE at < $1', cutoff: (c) => c.auditBefore },
  {
    table: 'jobs',
    sql: "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < $1",
    cutoff: (c) => c.jobsFinishedBefore,
  },
];

/**
 * The shared store for several consult-server instances: one PostgreSQL database holds rooms, grants,
 * replay entries, idempotency records, audit, holds, appointments and the job table for all of them.
 * Migrations run once, under an advisory lock (see pg-migrations.ts). A request's unit of work
 * (`transaction`) is one PostgreSQL transaction at its end; the replay entry's primary key decides a race
 * between instances (the loser's unit rolls back with `TicketReplayedError`).
 */
export async function createPgStore({ url, dataKey, poolSize }: PgStoreOptions): Promise<PgStore> {
  const sealer = createSealer(dataKey);
  const pool = createPool({ url, max: poolSize });
  // An idle client's error (the server restarted) must not crash the process: the pool drops it.
  pool.on('error', () => {});
  await migratePg(pool);
  const listener = createPgListener(url);
  const jobs = await createPgJobStore(pool, listener);

  const units = new AsyncLocalStorage<UnitOfWork>();
  const write = async (run: (db: Queryable) => Promise<unknown>) => {
    const unit = units.getStore();
    if (unit) unit.writes.push(run);
    else await run(pool);
  };
  const one = async <R extends pg.QueryResultRow>(sql: string, params: unknown[]) =>
    (await pool.query<R>(sql, params)).rows[0];

  return {
    pool,
    listener,
    jobs,
    schedules: createPgSchedules(pool),
    bookings: createPgBookingStore(pool, sealer),
    roomPolls: createPgRoomPollShare(pool, listener),
    async transaction(fn) {
      const unit: UnitOfWork = { writes: [], ticketIds: new Set(), accepted: new Map() };
      const result = await units.run(unit, fn);
      if (unit.writes.length > 0) {
        await inTransaction(pool, async (db) => {
          for (const run of unit.writes) await run(db);
        });
      }
      return result;
    },
    async purge(cutoffs) {
      const counts: Record<string, number> = {};
      await inTransaction(pool, async (db) => {
        for (const r of PURGE) {
          counts[r.table] = (await db.query(r.sql, [r.cutoff(cutoffs).getTime()])).rowCount ?? 0;
        }
        for (const r of PG_BOOKING_PURGE) counts[r.table] = await r.run(db, cutoffs);
      });
      return counts;
    },
    async findRoom(id) {
      const row = await one<RoomRow>('SELECT * FROM rooms WHERE id = $1', [id]);
      return row && toRoom(row, sealer);
    },
    async findRoomByAppointment(provider, appointment) {
      const row = await one<RoomRow>('SELECT * FROM rooms WHERE provider = $1 AND appointment = $2', [
        provider,
        appointment,
      ]);
      return row && toRoom(row, sealer);
    },
    async insertRoom(room) {
      await pool.query(
        `INSERT INTO rooms (id, provider, appointment, vendor_room_id, vendor_data, status, starts_at, duration_minutes, clinician_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (provider, appointment) DO NOTHING`,
        [
          room.id,
          room.provider,
          room.appointment,
          room.vendorRoomId,
          sealer.seal(room.vendorData, room.id),
          room.status,
          room.startsAt.getTime(),
          room.durationMinutes,
          room.clinicianName ? sealer.seal(room.clinicianName, nameAad(room.id)) : null,
          Date.now(),
        ],
      );
      const row = await one<RoomRow>('SELECT * FROM rooms WHERE provider = $1 AND appointment = $2', [
        room.provider,
        room.appointment,
      ]);
      return toRoom(row!, sealer);
    },
    async setRoomStatus(id, status) {
      await write((db) => db.query('UPDATE rooms SET status = $1 WHERE id = $2', [status, id]));
    },
    async insertGrant(g) {
      await write((db) =>
        db.query(
          `INSERT INTO join_grants (token_hash, room_id, role, participant_id, expires_at, embed_origin)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [g.tokenHash, g.roomId, g.role, g.participantId, g.expiresAt.getTime(), g.embedOrigin],
        ),
      );
    },
    async consumeGrant(tokenHash, now, sessionHash) {
      const t = now.getTime();
      const row = await one<GrantRow>(
        `UPDATE join_grants SET used_at = $1, session_hash = $2
         WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING *`,
        [t, sessionHash, tokenHash],
      );
      return row && toGrant(row);
    },
    async findGrant(tokenHash) {
      const row = await one<GrantRow>('SELECT * FROM join_grants WHERE token_hash = $1', [tokenHash]);
      return row && toGrant(row);
    },
    async findSession(roomId, sessionHash) {
      const row = await one<GrantRow>('SELECT * FROM join_grants WHERE room_id = $1 AND session_hash = $2', [
        roomId,
        sessionHash,
      ]);
      return row && toGrant(row);
    },
    async rememberTicketId(issuer, jti, expiresAt) {
      const insert = (db: Queryable) =>
        db.query(
          'INSERT INTO ticket_replay (issuer, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [issuer, jti, expiresAt.getTime()],
        );
      const unit = units.getStore();
      if (!unit) return (await insert(pool)).rowCount === 1;
      const key = `${issuer}\n${jti}`;
      if (unit.ticketIds.has(key)) return false;
      if (await one('SELECT 1 FROM ticket_replay WHERE issuer = $1 AND jti = $2', [issuer, jti]))
        return false;
      unit.ticketIds.add(key);
      // Seen as new now; another request (on any instance) may still record it first: then the insert
      // waits for that one's commit, changes nothing, and this whole unit rolls back.
      unit.writes.push(async (db) => {
        if ((await insert(db)).rowCount !== 1) throw new TicketReplayedError();
      });
      return true;
    },
    async appendAudit(event) {
      const unit = units.getStore();
      const row = auditRow(unit ? foldAcceptance(unit, event, skip) : event);
      await write((db) =>
        db.query(
          `INSERT INTO audit_events (at, type, actor, role, room_id, provider, reason, request_id, count, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          row,
        ),
      );
    },
    async queryAudit({ from, to, limit }) {
      const { rows } = await pool.query<AuditRow>(
        'SELECT * FROM audit_events WHERE at >= $1 AND at < $2 ORDER BY at, id LIMIT $3',
        [from.getTime(), to.getTime(), limit],
      );
      return rows.map(toAudit);
    },
    async findIdempotent(scope, key, now) {
      return one<IdempotencyRecord>(
        'SELECT fingerprint, status, body FROM idempotency_records WHERE scope = $1 AND key = $2 AND expires_at > $3',
        [scope, key, now.getTime()],
      );
    },
    async saveIdempotent(scope, key, r, expiresAt) {
      await write((db) =>
        db.query(
          `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
           body = excluded.body, expires_at = excluded.expires_at`,
          [scope, key, r.fingerprint, r.status, r.body, expiresAt.getTime()],
        ),
      );
    },
    async withLock(key, fn) {
      // A session lock on a connection of its own, held while `fn` runs (a vendor call included).
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        }
      } finally {
        client.release();
      }
    },
    sharedRateLimiter: (options) => createPgRateLimiter(pool, options),
    sharedSubjectSlots: (options) => createPgSubjectSlots(pool, options),
    sandboxPresence: (now) => createPgSandboxPresence(pool, now),
    async checkWritable(now) {
      await pool.query(
        'INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
        [now.getTime()],
      );
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
