/** How long a room page counts as present after its last poll (the page polls every 3 s). */
export const PRESENCE_WINDOW_MS = 10_000;
export const SWEEP_EVERY_MS = 60_000;

/** Answers at once in memory; in a shared database (several instances), after a query. */
export interface SandboxPresence {
  /** The room page of `participantId` polled its state just now. */
  touch(roomId: string, participantId: string, role: 'patient' | 'clinician'): void | Promise<void>;
  /** Distinct participants whose page polled within the presence window. */
  count(roomId: string): number | Promise<number>;
  /** Whether one of them is a clinician. */
  hostPresent(roomId: string): boolean | Promise<boolean>;
}

/**
 * Who is in a sandbox room, from the room pages' own state polls. In memory: the sandbox is for demos and
 * tests in one process (several instances on PostgreSQL share theirs: pg-sandbox-presence.ts), and presence older than a few seconds means nothing anyway. Counted by participant
 * (hashed ticket subject), so a reloaded page is not a second person.
 */
export function createSandboxPresence(now: () => number = Date.now): SandboxPresence {
  const rooms = new Map<string, Map<string, { at: number; role: 'patient' | 'clinician' }>>();
  let lastSweep = now();

  const fresh = (roomId: string, t: number) => {
    const seen = rooms.get(roomId);
    if (!seen) return undefined;
    for (const [id, { at }] of seen) if (t - at > PRESENCE_WINDOW_MS) seen.delete(id);
    if (seen.size === 0) rooms.delete(roomId);
    return seen.size > 0 ? seen : undefined;
  };

  return {
    touch(roomId, participantId, role) {
      const t = now();
      // Rooms nobody asks about any more are dropped here, so memory stays bounded by recent activity.
      if (t - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = t;
        for (const id of [...rooms.keys()]) fresh(id, t);
      }
      let seen = rooms.get(roomId);
      if (!seen) rooms.set(roomId, (seen = new Map()));
      seen.set(participantId, { at: t, role });
    },
    count(roomId) {
      return fresh(roomId, now())?.size ?? 0;
    },
    hostPresent(roomId) {
      return [...(fresh(roomId, now())?.values() ?? [])].some((p) => p.role === 'clinician');
    },
  };
}
