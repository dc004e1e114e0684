import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredRoom } from '../providers/types.js';
import { createSqliteJobStore } from './sqlite-jobs.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import { createSealer, type Sealer } from './sealed-json.js';
import { createSqliteSchedules } from './sqlite-schedules.js';
import { bookingPurgeRules, createSqliteBookingStore } from './sqlite-booking.js';
import { prepareUnitWrites, runUnitWrite, type UnitWrite } from './sqlite-unit-writes.js';
import { createInThreadWriter, createWriterThread } from './sqlite-writer.js';
import {
  type AuditEvent,
  type ConsultStore,
  type IdempotencyRecord,
  type JoinGrant,
  type PurgeCutoffs,
} from './types.js';
import { auditRow, foldAcceptance, type AcceptedTickets } from './audit-fold.js';

export interface RoomRow {
  id: string;
  provider: string;
  appointment: string;
  vendor_room_id: string;
  vendor_data: string;
  status: StoredRoom['status'];
  starts_at: number;
  duration_minutes: number;
  clinician_name: string | null;
}

export interface GrantRow {
  token_hash: string;
  room_id: string;
  role: JoinGrant['role'];
  participant_id: string;
  expires_at: number;
  embed_origin: string | null;
  used_at: number | null;
}

export interface AuditRow {
  at: number;
  type: AuditEvent['type'];
  actor: string | null;
  role: string | null;
  room_id: string | null;
  provider: string | null;
  reason: string | null;
  request_id: string | null;
  count: number | null;
  source: string | null;
}

export const toAudit = (r: AuditRow): AuditEvent => {
  const event: AuditEvent = { at: new Date(r.at), type: r.type };
  if (r.actor !== null) event.actor = r.actor;
  if (r.role !== null) event.role = r.role;
  if (r.room_id !== null) event.roomId = r.room_id;
  if (r.provider !== null) event.provider = r.provider;
  if (r.reason !== null) event.reason = r.reason;
  if (r.request_id !== null) event.requestId = r.request_id;
  if (r.count !== null) event.count = r.count;
  if (r.source !== null) event.source = r.source;
  return event;
};

/** Sealed data is bound to its row and column, so a value cannot be moved to another one. */
export const nameAad = (roomId: string) => `${roomId}#clinician_name`;

export const toRoom = (r: RoomRow, sealer: Sealer): StoredRoom => ({
  id: r.id,
  provider: r.provider,
  appointment: r.appointment,
  vendorRoomId: r.vendor_room_id,
  vendorData: sealer.open(r.vendor_data, r.id) as Record<string, unknown>,
  status: r.status,
  startsAt: new Date(r.starts_at),
  durationMinutes: r.duration_minutes,
  ...(r.clinician_name === null
    ? {}
    : { clinicianName: sealer.open(r.clinician_name, nameAad(r.id)) as string }),
});

export const toGrant = (g: GrantRow): JoinGrant => ({
  tokenHash: g.token_hash,
  roomId: g.room_id,
  role: g.role,
  participantId: g.participant_id,
  expiresAt: new Date(g.expires_at),
  embedOrigin: g.embed_origin,
  ...(g.used_at === null ? {} : { usedAt: new Date(g.used_at) }),
});

/**
 * Incremental vacuum lets a purge give pages back to the file system. SQLite takes the mode before the
 * first table exists; a database created before this needs one full VACUUM to switch (once, at start).
 */
function enableIncrementalVacuum(db: Database.Database): void {
  if (db.pragma('auto_vacuum', { simple: true }) === 2) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if ((db.pragma('user_version', { simple: true }) as number) > 0) db.exec('VACUUM');
}

export function migrate(db: Database.Database): void {
  enableIncrementalVacuum(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema v${current} is newer than this server (v${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * The database holds audit trails, sealed vendor credentials and clinician names: directories this
 * creates are 0700, a new database file 0600 (SQLite gives its -wal and -shm files the same mode).
 * Existing directories and files keep the mode their operator chose.
 */
function createOwnerOnly(path: string) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

export interface SqliteStoreOptions {
  /** 32-byte key that seals `vendorData` (vendor credentials) at rest; see `deriveDataKey`. */
  dataKey: Uint8Array;
  /**
   * `full` (the default): a commit is on disk before the answer leaves, so no audit row or replay entry
   * is lost on power failure. `normal` is faster in WAL mode but may lose the last commits on power loss
   * (never corrupts). See docs/BENCHMARKS.md for what each costs.
   */
  synchronous?: 'full' | 'normal';
  /**
   * With `full` and a file: `true` commits units of work on a writer thread with its own connection, so
   * that the fsync does not stop the event loop. Off by default: on the shared 2-core test machine it
   * measured slower than committing on the main connection (docs/BENCHMARKS.md); kept to be measured on
   * other machines.
   */
  writerThread?: boolean;
}

/** A unit of work's writes, run in one SQLite transaction at its end (`null`: a write taken back). */
interface UnitOfWork {
  writes: (UnitWrite | null)[];
  /** Ticket ids this unit recorded, so that it sees its own replay entries. */
  ticketIds: Set<string>;
  /** This unit's `ticket.accepted` events by request id, with their place in `writes`. */
  accepted: AcceptedTickets;
}

type Synchronous = 'off' | 'normal' | 'full' | 'extra';

/** The SQLite store, with the settings its connections really run with (read back from SQLite). */
export type SqliteStore = ConsultStore & {
  /** The main connection's (reads, rooms, booking, jobs). */
  settings(): { journalMode: string; synchronous: Synchronous; autoVacuum: string };
  /** The connection that commits units of work (a join's writes): the main one, or the writer thread's. */
  writerSettings(): Promise<{ journalMode: string; synchronous: Synchronous; thread: boolean }>;
};

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'] as const;
const AUTO_VACUUM = ['none', 'full', 'incremental'] as const;

/** The embedded default store: one SQLite file (or `:memory:` for tests), WAL mode. */
export function createSqliteStore(
  path: string,
  { dataKey, synchronous = 'full', writerThread = false }: SqliteStoreOptions,
): SqliteStore {
  const sealer = createSealer(dataKey);
  if (path !== ':memory:') createOwnerOnly(path);
  const db = new Database(path);
  enableIncrementalVacuum(db);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    room: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
    roomByAppointment: db.prepare<[string, string], RoomRow>(
      'SELECT * FROM rooms WHERE provider = ? AND appointment = ?',
    ),
    insertRoom: db.prepare(
      `INSERT INTO rooms (id, provider, appointment, vendor_room_id, vendor_data, status, starts_at, duration_minutes, clinician_name, created_at)
       VALUES (@id, @provider, @appointment, @vendorRoomId, @vendorData, @status, @startsAt, @durationMinutes, @clinicianName, @createdAt)
       ON CONFLICT (provider, appointment) DO NOTHING`,
    ),
    consumeGrant: db.prepare<[number, string, string, number], GrantRow>(
      `UPDATE join_grants SET used_at = ?, session_hash = ?
       WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
       RETURNING *`,
    ),
    grant: db.prepare<[string], GrantRow>('SELECT * FROM join_grants WHERE token_hash = ?'),
    session: db.prepare<[string, string], GrantRow>(
      'SELECT * FROM join_grants WHERE room_id = ? AND session_hash = ?',
    ),
    seenJti: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM ticket_replay WHERE issuer = ? AND jti = ?',
    ),
    audit: db.prepare<[number, number, number], AuditRow>(
      'SELECT * FROM audit_events WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?',
    ),
    idempotent: db.prepare<[string, string, number], IdempotencyRecord>(
      'SELECT fingerprint, status, body FROM idempotency_records WHERE scope = ? AND key = ? AND expires_at > ?',
    ),
    probe: db.prepare(
      'INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
    ),
  };

  // One rule per table, run in this order (grants before the rooms they refer to). A table added later
  // (booking holds) adds its rule here.
  const purgeRules: { table: string; run: (c: PurgeCutoffs) => number }[] = [
    rule('ticket_replay', 'DELETE FROM ticket_replay WHERE expires_at < @now'),
    rule('idempotency_records', 'DELETE FROM idempotency_records WHERE expires_at < @now'),
    rule(
      'join_grants',
      'DELETE FROM join_grants WHERE (used_at IS NULL AND expires_at < @grants) OR used_at < @grants',
    ),
    rule(
      'rooms',
      `DELETE FROM rooms WHERE starts_at + duration_minutes * 60000 < @rooms
       AND NOT EXISTS (SELECT 1 FROM join_grants g WHERE g.room_id = rooms.id)`,
    ),
    rule('audit_events', 'DELETE FROM audit_events WHERE at < @audit'),
    rule('jobs', "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < @jobs"),
    ...bookingPurgeRules(db),
  ];
  function rule(table: string, sql: string) {
    const statement = db.prepare(sql);
    return {
      table,
      run: (c: PurgeCutoffs) =>
        statement.run({
          ...(sql.includes('@now') ? { now: c.now.getTime() } : {}),
          ...(sql.includes('@grants') ? { grants: c.grantsBefore.getTime() } : {}),
          ...(sql.includes('@rooms') ? { rooms: c.roomsEndedBefore.getTime() } : {}),
          ...(sql.includes('@audit') ? { audit: c.auditBefore.getTime() } : {}),
          ...(sql.includes('@jobs') ? { jobs: c.jobsFinishedBefore.getTime() } : {}),
        }).changes,
    };
  }

  // The unit of work of the request running now, if any: its writes wait for its end. Writes outside a
  // unit run at once on this connection.
  const units = new AsyncLocalStorage<UnitOfWork>();
  const immediate = prepareUnitWrites(db);
  const write = (op: UnitWrite) => {
    const unit = units.getStore();
    if (unit) unit.writes.push(op);
    else runUnitWrite(immediate, op);
  };
  // The units that finish together share one transaction (group commit), each in its own savepoint: on
  // this connection, or (opt-in, FULL and a file) on a writer thread, so that the fsync does not stop the
  // event loop.
  const thread = writerThread && path !== ':memory:' && synchronous === 'full';
  const committer = thread ? createWriterThread(path) : createInThreadWriter(db);

  return {
    jobs: createSqliteJobStore(db),
    schedules: createSqliteSchedules(db),
    bookings: createSqliteBookingStore(db, sealer),
    settings: () => ({
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS[db.pragma('synchronous', { simple: true }) as number]!,
      autoVacuum: AUTO_VACUUM[db.pragma('auto_vacuum', { simple: true }) as number]!,
    }),
    async writerSettings() {
      const s = await committer.settings();
      return { journalMode: s.journalMode, synchronous: SYNCHRONOUS[s.synchronous]!, thread };
    },
    async transaction(fn) {
      const unit: UnitOfWork = { writes: [], ticketIds: new Set(), accepted: new Map() };
      const result = await units.run(unit, fn);
      const writes = unit.writes.filter((w) => w !== null);
      if (writes.length > 0) await committer.commit(writes);
      return result;
    },
    async purge(cutoffs) {
      const counts: Record<string, number> = {};
      db.transaction(() => {
        for (const r of purgeRules) counts[r.table] = r.run(cutoffs);
      })();
      // Freed pages go back to the file system; in WAL mode the file shrinks at the checkpoint.
      db.pragma('incremental_vacuum');
      db.pragma('wal_checkpoint(TRUNCATE)');
      return counts;
    },
    async findRoom(id) {
      const row = q.room.get(id);
      return row && toRoom(row, sealer);
    },
    async findRoomByAppointment(provider, appointment) {
      const row = q.roomByAppointment.get(provider, appointment);
      return row && toRoom(row, sealer);
    },
    async insertRoom(room) {
      q.insertRoom.run({
        id: room.id,
        provider: room.provider,
        appointment: room.appointment,
        vendorRoomId: room.vendorRoomId,
        vendorData: sealer.seal(room.vendorData, room.id),
        status: room.status,
        startsAt: room.startsAt.getTime(),
        durationMinutes: room.durationMinutes,
        clinicianName: room.clinicianName ? sealer.seal(room.clinicianName, nameAad(room.id)) : null,
        createdAt: Date.now(),
      });
      return toRoom(q.roomByAppointment.get(room.provider, room.appointment)!, sealer);
    },
    async setRoomStatus(id, status) {
      write(['roomStatus', [status, id]]);
    },
    async insertGrant(g) {
      write([
        'insertGrant',
        [g.tokenHash, g.roomId, g.role, g.participantId, g.expiresAt.getTime(), g.embedOrigin],
      ]);
    },
    async consumeGrant(tokenHash, now, sessionHash) {
      const t = now.getTime();
      const row = q.consumeGrant.get(t, sessionHash, tokenHash, t);
      return row && toGrant(row);
    },
    async findGrant(tokenHash) {
      const row = q.grant.get(tokenHash);
      return row && toGrant(row);
    },
    async findSession(roomId, sessionHash) {
      const row = q.session.get(roomId, sessionHash);
      return row && toGrant(row);
    },
    async rememberTicketId(issuer, jti, expiresAt) {
      const unit = units.getStore();
      const insert: UnitWrite = ['insertJti', [issuer, jti, expiresAt.getTime()]];
      if (!unit) return runUnitWrite(immediate, insert);
      const key = `${issuer}\n${jti}`;
      if (unit.ticketIds.has(key) || q.seenJti.get(issuer, jti)) return false;
      unit.ticketIds.add(key);
      // Seen as new now; a concurrent request may still record it first, which fails this whole unit.
      unit.writes.push(insert);
      return true;
    },
    async appendAudit(event) {
      const unit = units.getStore();
      const row = auditRow(unit ? foldAcceptance(unit, event, null) : event);
      write(['insertAudit', row]);
    },
    async queryAudit({ from, to, limit }) {
      return q.audit.all(from.getTime(), to.getTime(), limit).map(toAudit);
    },
    async findIdempotent(scope, key, now) {
      return q.idempotent.get(scope, key, now.getTime());
    },
    async saveIdempotent(scope, key, r, expiresAt) {
      write(['saveIdempotent', [scope, key, r.fingerprint, r.status, r.body, expiresAt.getTime()]]);
    },
    async checkWritable(now) {
      q.probe.run(now.getTime());
    },
    async close() {
      await committer.close();
      db.close();
    },
  };
}
