import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredRoom } from '../providers/types.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import { createSealer, type Sealer } from './sealed-json.js';
import type { AuditEvent, ConsultStore, IdempotencyRecord, JoinGrant } from './types.js';

interface RoomRow {
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

interface GrantRow {
  token_hash: string;
  room_id: string;
  role: JoinGrant['role'];
  participant_id: string;
  expires_at: number;
  embed_origin: string | null;
  used_at: number | null;
}

interface AuditRow {
  at: number;
  type: AuditEvent['type'];
  actor: string | null;
  role: string | null;
  room_id: string | null;
  provider: string | null;
  reason: string | null;
  request_id: string | null;
}

const toAudit = (r: AuditRow): AuditEvent => {
  const event: AuditEvent = { at: new Date(r.at), type: r.type };
  if (r.actor !== null) event.actor = r.actor;
  if (r.role !== null) event.role = r.role;
  if (r.room_id !== null) event.roomId = r.room_id;
  if (r.provider !== null) event.provider = r.provider;
  if (r.reason !== null) event.reason = r.reason;
  if (r.request_id !== null) event.requestId = r.request_id;
  return event;
};

/** Sealed data is bound to its row and column, so a value cannot be moved to another one. */
const nameAad = (roomId: string) => `${roomId}#clinician_name`;

const toRoom = (r: RoomRow, sealer: Sealer): StoredRoom => ({
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

const toGrant = (g: GrantRow): JoinGrant => ({
  tokenHash: g.token_hash,
  roomId: g.room_id,
  role: g.role,
  participantId: g.participant_id,
  expiresAt: new Date(g.expires_at),
  embedOrigin: g.embed_origin,
  ...(g.used_at === null ? {} : { usedAt: new Date(g.used_at) }),
});

export function migrate(db: Database.Database): void {
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
}

/** The embedded default store: one SQLite file (or `:memory:` for tests), WAL mode. */
export function createSqliteStore(path: string, { dataKey }: SqliteStoreOptions): ConsultStore {
  const sealer = createSealer(dataKey);
  if (path !== ':memory:') createOwnerOnly(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
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
    roomStatus: db.prepare('UPDATE rooms SET status = ? WHERE id = ?'),
    insertGrant: db.prepare(
      `INSERT INTO join_grants (token_hash, room_id, role, participant_id, expires_at, embed_origin)
       VALUES (?, ?, ?, ?, ?, ?)`,
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
    purgeGrants: db.prepare(
      'DELETE FROM join_grants WHERE (used_at IS NULL AND expires_at < ?) OR used_at < ?',
    ),
    purgeReplay: db.prepare('DELETE FROM ticket_replay WHERE expires_at < ?'),
    insertAudit: db.prepare(
      `INSERT INTO audit_events (at, type, actor, role, room_id, provider, reason, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: db.prepare<[number, number, number], AuditRow>(
      'SELECT * FROM audit_events WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?',
    ),
    idempotent: db.prepare<[string, string, number], IdempotencyRecord>(
      'SELECT fingerprint, status, body FROM idempotency_records WHERE scope = ? AND key = ? AND expires_at > ?',
    ),
    saveIdempotent: db.prepare(
      `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
       body = excluded.body, expires_at = excluded.expires_at`,
    ),
    purgeIdempotent: db.prepare('DELETE FROM idempotency_records WHERE expires_at < ?'),
    probe: db.prepare(
      'INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
    ),
    insertJti: db.prepare(
      'INSERT INTO ticket_replay (issuer, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
  };

  // Expired rows are purged at most once a minute, not on every request.
  let lastPurge = 0;
  const purge = (now: number) => {
    if (now - lastPurge < 60_000) return;
    lastPurge = now;
    q.purgeReplay.run(now);
    // Unused links a day after they expired; used ones (the room pages' sessions) a day after use, which is
    // longer than a sandbox session lives (SANDBOX_SESSION_MS).
    q.purgeGrants.run(now - 24 * 3600_000, now - 24 * 3600_000);
    q.purgeIdempotent.run(now);
  };

  return {
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
      q.roomStatus.run(status, id);
    },
    async insertGrant(g) {
      q.insertGrant.run(g.tokenHash, g.roomId, g.role, g.participantId, g.expiresAt.getTime(), g.embedOrigin);
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
    async rememberTicketId(issuer, jti, expiresAt, now) {
      purge(now.getTime());
      return q.insertJti.run(issuer, jti, expiresAt.getTime()).changes === 1;
    },
    async appendAudit(e) {
      const n = (x: string | undefined) => x ?? null;
      q.insertAudit.run(
        e.at.getTime(),
        e.type,
        n(e.actor),
        n(e.role),
        n(e.roomId),
        n(e.provider),
        n(e.reason),
        n(e.requestId),
      );
    },
    async queryAudit({ from, to, limit }) {
      return q.audit.all(from.getTime(), to.getTime(), limit).map(toAudit);
    },
    async findIdempotent(scope, key, now) {
      return q.idempotent.get(scope, key, now.getTime());
    },
    async saveIdempotent(scope, key, r, expiresAt) {
      q.saveIdempotent.run(scope, key, r.fingerprint, r.status, r.body, expiresAt.getTime());
    },
    async checkWritable(now) {
      q.probe.run(now.getTime());
    },
    async close() {
      db.close();
    },
  };
}
