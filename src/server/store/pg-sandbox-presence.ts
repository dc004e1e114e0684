import type pg from 'pg';
import { PRESENCE_WINDOW_MS, SWEEP_EVERY_MS, type SandboxPresence } from '../providers/sandbox-presence.js';

/**
 * The sandbox's presence shared by every instance: a row per (room, participant) in `sandbox_presence`
 * (unlogged), stamped at each page poll, so that a page polling one instance counts on the others. Rows
 * older than the presence window are ignored and deleted about once a minute by whichever instance
 * notices. Participants are hashed ticket subjects, as in memory.
 */
export function createPgSandboxPresence(pool: pg.Pool, now: () => number): SandboxPresence {
  let lastSweep = now();
  const look = async (roomId: string) => {
    const { rows } = await pool.query<{ n: number; host: boolean | null }>(
      `SELECT count(*)::int AS n, bool_or(role = 'clinician') AS host FROM sandbox_presence
       WHERE room = $1 AND at >= $2`,
      [roomId, now() - PRESENCE_WINDOW_MS],
    );
    return { count: rows[0]?.n ?? 0, host: rows[0]?.host === true };
  };
  return {
    async touch(roomId, participantId, role) {
      const t = now();
      if (t - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = t;
        await pool.query('DELETE FROM sandbox_presence WHERE at < $1', [t - PRESENCE_WINDOW_MS]);
      }
      await pool.query(
        `INSERT INTO sandbox_presence (room, participant, role, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room, participant) DO UPDATE SET role = excluded.role, at = excluded.at`,
        [roomId, participantId, role, t],
      );
    },
    async count(roomId) {
      return (await look(roomId)).count;
    },
    async hostPresent(roomId) {
      return (await look(roomId)).host;
    },
  };
}
