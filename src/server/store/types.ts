import type { JoinRole } from '../../protocol/ticket.js';
import type { StoredRoom } from '../providers/types.js';

/** A one-time join token as stored: only its SHA-256 hash, never the token. */
export interface JoinGrant {
  tokenHash: string;
  roomId: string;
  role: JoinRole;
  /** Pseudonymous participant id (hashed ticket subject). */
  participantId: string;
  expiresAt: Date;
  /** Origin of the page that asked for the link; the room page may be framed by it alone. */
  embedOrigin: string | null;
  /** When the room page redeemed it; its session counts from here. */
  usedAt?: Date;
}

export type AuditType =
  'ticket.accepted' | 'ticket.refused' | 'join.minted' | 'room.created' | 'room.cancelled' | 'rate.limited';

/**
 * A security-relevant event. Pseudonymous by construction: `actor` is the keyed hash of the ticket
 * subject, `reason` a stable code. No names, emails, phone numbers, tokens or URLs ever go here.
 */
export interface AuditEvent {
  at: Date;
  type: AuditType;
  actor?: string;
  role?: string;
  roomId?: string;
  provider?: string;
  reason?: string;
  requestId?: string;
}

/** A stored response to replay for a repeated `Idempotency-Key`. */
export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
}

/**
 * Everything the routes need from the database. Async so that a PostgreSQL store fits the same shape;
 * the SQLite store answers synchronously underneath.
 */
export interface ConsultStore {
  findRoom(id: string): Promise<StoredRoom | undefined>;
  findRoomByAppointment(provider: string, appointment: string): Promise<StoredRoom | undefined>;
  /** Inserts a room; returns the existing one instead when the (provider, appointment) pair exists. */
  insertRoom(room: StoredRoom): Promise<StoredRoom>;
  setRoomStatus(id: string, status: StoredRoom['status']): Promise<void>;
  insertGrant(grant: JoinGrant): Promise<void>;
  /**
   * Marks an unused, unexpired grant as used and returns it, in one atomic step; `undefined` when the
   * token is unknown, used or expired. `sessionHash` binds the room page that consumed it.
   */
  consumeGrant(tokenHash: string, now: Date, sessionHash: string): Promise<JoinGrant | undefined>;
  /** A grant by its token, used or expired too (to tell a spent link from one that never existed). */
  findGrant(tokenHash: string): Promise<JoinGrant | undefined>;
  /** The grant whose room page holds this session, however old: the caller decides how long a session lives. */
  findSession(roomId: string, sessionHash: string): Promise<JoinGrant | undefined>;
  /** Records a ticket id; false when it was seen before (replay). Expired entries are purged. */
  rememberTicketId(issuer: string, jti: string, expiresAt: Date, now: Date): Promise<boolean>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** Events with `from <= at < to`, oldest first, at most `limit`. */
  queryAudit(range: { from: Date; to: Date; limit: number }): Promise<AuditEvent[]>;
  findIdempotent(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined>;
  saveIdempotent(scope: string, key: string, record: IdempotencyRecord, expiresAt: Date): Promise<void>;
  /**
   * A cheap real write (one row, its own committed transaction): rejects while the database cannot be
   * written (disk full, read-only, locked), which a read would not notice.
   */
  checkWritable(now: Date): Promise<void>;
  close(): Promise<void>;
}
