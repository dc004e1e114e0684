import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { NOW_MS, SWEEP_EXPIRED_EVERY_MS as SWEEP_EVERY_MS } from './pg-common.js';
import type { PgListener } from './pg-listen.js';

/** The channel a room's poller publishes each state on; every instance listens. */
export const ROOM_STATE_CHANNEL = 'vc_room_state';

/** PostgreSQL's `NOTIFY` payload limit is 8000 bytes: a bigger state is not sent (the row still has it). */
const MAX_PAYLOAD = 7900;

/**
 * One poll of a room's vendor per interval across every instance on a database. An instance that watches
 * a room tries to hold its lease before each poll; the holder polls and publishes, the others take what
 * it publishes. Observations are opaque JSON here (the room watcher's; a room id, a phase, counts and
 * codes: never a URL, a ticket or a patient detail).
 */
export interface RoomPollShare {
  /**
   * Takes or renews the room's poll lease for `leaseMs` (free, expired or already this instance's). When
   * another instance holds it, answers the last observation it published (undefined when none yet).
   */
  claim(roomId: string, leaseMs: number): Promise<{ poller: true } | { poller: false; last?: string }>;
  /**
   * The observation the room's poller last published, while its lease runs (a room somebody watches);
   * undefined when nobody polls the room or nothing was published yet.
   */
  latest(roomId: string): Promise<string | undefined>;
  /** Gives the lease up (the last local watcher left, or shutdown): another instance may take it at once. */
  release(roomId: string): Promise<void>;
  /** Stores the poller's observation on its lease row and notifies every instance. Only while it holds the lease. */
  publish(roomId: string, observation: string): Promise<void>;
  /** Calls `fn` with every published observation (this instance's own too). */
  subscribe(fn: (roomId: string, observation: string) => void): Promise<() => void>;
}

/**
 * The lease is a row of `room_pollers` (unlogged), claimed with one upsert that only wins when the row is
 * free, expired or already this instance's: a killed instance's rooms are taken over when its lease ends
 * (a few intervals), a stopped one's at once (it deletes its rows).
 */
export function createPgRoomPollShare(pool: pg.Pool, listener: PgListener): RoomPollShare {
  const instance = randomUUID();
  let lastSweep = Date.now();
  return {
    async claim(roomId, leaseMs) {
      // A killed instance's leases of rooms nobody watches any more: deleted now and then by whoever claims.
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        await pool.query(`DELETE FROM room_pollers WHERE until < ${NOW_MS}`);
      }
      const { rows } = await pool.query<{ instance: string; state: string | null }>(
        `INSERT INTO room_pollers (room, instance, until) VALUES ($1, $2, ${NOW_MS} + $3)
         ON CONFLICT (room) DO UPDATE SET instance = excluded.instance, until = excluded.until
           WHERE room_pollers.instance = excluded.instance OR room_pollers.until < ${NOW_MS}
         RETURNING instance, state`,
        [roomId, instance, Math.round(leaseMs)],
      );
      if (rows.length === 1) return { poller: true };
      const held = await pool.query<{ state: string | null }>(
        'SELECT state FROM room_pollers WHERE room = $1',
        [roomId],
      );
      const last = held.rows[0]?.state ?? undefined;
      return last === undefined ? { poller: false } : { poller: false, last };
    },
    async latest(roomId) {
      const { rows } = await pool.query<{ state: string | null }>(
        `SELECT state FROM room_pollers WHERE room = $1 AND until >= ${NOW_MS}`,
        [roomId],
      );
      return rows[0]?.state ?? undefined;
    },
    async release(roomId) {
      await pool.query('DELETE FROM room_pollers WHERE room = $1 AND instance = $2', [roomId, instance]);
    },
    async publish(roomId, observation) {
      const payload = JSON.stringify([roomId, observation]);
      await pool.query(
        `WITH stored AS (UPDATE room_pollers SET state = $2 WHERE room = $1 AND instance = $3 RETURNING room)
         SELECT pg_notify('${ROOM_STATE_CHANNEL}', $4) FROM stored WHERE $5`,
        [roomId, observation, instance, payload, Buffer.byteLength(payload) <= MAX_PAYLOAD],
      );
    },
    async subscribe(fn) {
      return listener.subscribe(ROOM_STATE_CHANNEL, (payload) => {
        try {
          const [roomId, observation] = JSON.parse(payload) as [unknown, unknown];
          if (typeof roomId === 'string' && typeof observation === 'string') fn(roomId, observation);
        } catch {
          // Not ours: ignore.
        }
      });
    },
  };
}
