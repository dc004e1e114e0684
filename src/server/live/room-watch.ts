import type { ServerErrorCode } from '../../protocol/errors.js';
import type { RoomState } from '../../protocol/visits.js';
import type { RoomPollShare } from '../store/pg-room-polls.js';

/** A RoomState plus what the server uses but never sends (whether the clinician is there). */
export type ObservedState = RoomState & { hostPresent?: boolean };

/**
 * One look at a room. `error` says the provider could not be asked this time; `state` is then the last
 * state the provider did give (with its `observedAt`), or the server's own view when there is none yet.
 */
export interface Observation {
  state: ObservedState | undefined;
  error?: ServerErrorCode;
}

/** One look, as the observer reports it: its own fallback state on failure, plus why (for the log). */
export interface ObserveResult {
  state: ObservedState;
  error?: { code: ServerErrorCode; reason?: string };
}

export type Observe = (roomId: string, signal: AbortSignal) => Promise<ObserveResult>;
export type Listener = (observation: Observation) => void;

export interface RoomWatch {
  /**
   * Watches a room until the returned function is called. The first subscriber starts one polling loop
   * (its `intervalMs` sets the pace); later ones share it and get the latest observation at once.
   */
  subscribe(roomId: string, intervalMs: number, listener: Listener): () => void;
  /**
   * Looks at a watched room again now instead of at its next interval (the server changed it, e.g. its
   * clinician ended it); a look in flight is followed by another at once. Unwatched rooms: nothing.
   */
  refresh(roomId: string): void;
  /**
   * The room's latest observation without asking the provider: this instance's own loop's if it watches
   * the room, else (shared) what the room's poller on another instance last published while its lease
   * runs. Undefined when nobody watches the room or nothing was observed yet; never rejects.
   */
  latest(roomId: string): Promise<Observation | undefined>;
  /** Stops every loop (shutdown). */
  stopAll(): void;
  /** Rooms with a running loop. */
  readonly activeRooms: number;
}

interface Loop {
  listeners: Set<Listener>;
  intervalMs: number;
  last?: Observation;
  /** The last state the provider itself gave: what a failure falls back to. */
  lastGood?: ObservedState;
  failing?: ServerErrorCode;
  /** The next poll's timer; undefined while a poll runs. */
  timer?: ReturnType<typeof setTimeout>;
  /** A refresh came while a poll ran: poll again as soon as it is done. */
  again?: boolean;
  /** The next poll asks the provider even when another instance holds the room's lease (a refresh). */
  force?: boolean;
  /** This instance holds the room's poll lease (shared polling only). */
  leader?: boolean;
  /** The last observation another instance published, as it came (to drop repeats). */
  sharedText?: string;
  abort: AbortController;
  stopped: boolean;
}

/** A poll lease lasts 2 intervals + 5 s without renewal: a killed poller's rooms wait this long. */
export const defaultLeaseMs = (intervalMs: number): number => 2 * intervalMs + 5000;

export interface RoomWatchOptions {
  observe: Observe;
  /** Told once per failure streak (not on every poll of an outage). */
  onFailure?: (roomId: string, error: { code: ServerErrorCode; reason?: string }) => void;
  /**
   * Several instances on one database (PostgreSQL): only the instance holding a room's lease polls it and
   * publishes each observation; the others deliver what it publishes. Without it, every process polls.
   */
  share?: RoomPollShare;
  /** How long a poll lease lasts without renewal (a killed poller's rooms wait this long): `defaultLeaseMs`. */
  leaseMs?: (intervalMs: number) => number;
}

/**
 * The shared watcher: one polling loop per watched room, however many browsers watch it, so a vendor sees
 * at most one state request per room per interval. With a `share` (PostgreSQL), that holds across
 * instances: each loop claims the room's lease at every tick; the holder polls and publishes, the others
 * deliver what it published (by `NOTIFY`, and from the lease row at each tick should a notification be
 * lost). A refresh polls here whoever holds the lease (the change was made here). The next poll is scheduled after the previous one has
 * answered, so polls never overlap. The loop stops, and a poll in flight is aborted, when the last watcher
 * leaves. A failure never throws to the watchers: they get the last known state and an error code.
 */
export function createRoomWatch({
  observe,
  onFailure,
  share,
  leaseMs = defaultLeaseMs,
}: RoomWatchOptions): RoomWatch {
  const loops = new Map<string, Loop>();

  const tell = (listener: Listener, observation: Observation) => {
    try {
      listener(observation);
    } catch {
      // One broken stream must not starve the others, nor stop the loop.
    }
  };
  const deliver = (loop: Loop, observation: Observation) => {
    for (const listener of [...loop.listeners]) tell(listener, observation);
  };

  /** Another instance's observation for a room watched here: delivered unless it repeats the last one. */
  const fromShare = (loop: Loop, text: string) => {
    if (text === loop.sharedText) return;
    let observation: Observation;
    try {
      observation = JSON.parse(text) as Observation;
    } catch {
      return;
    }
    // The lease row and the notification race: never go back to an older state than one delivered.
    const seen = loop.last?.state?.observedAt;
    const at = observation.state?.observedAt;
    if (seen !== undefined && at !== undefined && at < seen) return;
    loop.sharedText = text;
    loop.last = observation;
    deliver(loop, observation);
  };
  const subscribed = share
    ?.subscribe((roomId, text) => {
      const loop = loops.get(roomId);
      if (loop && !loop.stopped && !loop.leader) fromShare(loop, text);
    })
    .catch(() => undefined);

  /** Whether this instance polls the room now: it holds (or just took) the lease, or the database failed. */
  const lead = async (roomId: string, loop: Loop, share: RoomPollShare): Promise<boolean> => {
    try {
      await subscribed;
      const claim = await share.claim(roomId, leaseMs(loop.intervalMs));
      if (loop.stopped) {
        if (claim.poller) await share.release(roomId);
        return false;
      }
      loop.leader = claim.poller;
      if (!claim.poller && claim.last !== undefined) fromShare(loop, claim.last);
      return claim.poller;
    } catch {
      // No database to agree with: poll here rather than leave the watchers without a state.
      loop.leader = false;
      return !loop.stopped;
    }
  };

  const poll = async (roomId: string, loop: Loop): Promise<void> => {
    let observation: Observation;
    loop.timer = undefined;
    loop.again = false;
    const forced = loop.force === true;
    loop.force = false;
    if (share && !(await lead(roomId, loop, share)) && !forced) {
      if (!loop.stopped)
        loop.timer = setTimeout(() => void poll(roomId, loop), loop.again ? 0 : loop.intervalMs);
      return;
    }
    if (loop.stopped) return;
    try {
      const result = await observe(roomId, loop.abort.signal);
      if (loop.stopped) return;
      if (result.error) {
        if (loop.failing !== result.error.code) onFailure?.(roomId, result.error);
        loop.failing = result.error.code;
        observation = { state: loop.lastGood ?? result.state, error: result.error.code };
      } else {
        loop.failing = undefined;
        loop.lastGood = result.state;
        observation = { state: result.state };
      }
    } catch (error) {
      if (loop.stopped) return;
      // The observer handles vendor failures itself; this is our own (the database, a bug).
      const reason = error instanceof Error ? error.name : 'unknown';
      if (loop.failing !== 'internal') onFailure?.(roomId, { code: 'internal', reason });
      loop.failing = 'internal';
      observation = { state: loop.lastGood, error: 'internal' };
    }
    loop.last = observation;
    deliver(loop, observation);
    if (share && loop.leader) void share.publish(roomId, JSON.stringify(observation)).catch(() => {});
    if (!loop.stopped) {
      loop.timer = setTimeout(() => void poll(roomId, loop), loop.again ? 0 : loop.intervalMs);
    }
  };

  const stop = (roomId: string, loop: Loop) => {
    loop.stopped = true;
    clearTimeout(loop.timer);
    loop.abort.abort();
    if (loops.get(roomId) === loop) loops.delete(roomId);
    // Given up at once, so that another instance's watchers do not wait for the lease to expire.
    if (share && loop.leader) void share.release(roomId).catch(() => {});
  };

  return {
    subscribe(roomId, intervalMs, listener) {
      let loop = loops.get(roomId);
      if (loop === undefined) {
        loop = { listeners: new Set([listener]), intervalMs, abort: new AbortController(), stopped: false };
        loops.set(roomId, loop);
        void poll(roomId, loop);
      } else {
        loop.listeners.add(listener);
        const last = loop.last;
        const current = loop;
        // Asynchronously, like every other delivery, and only if it has not left in the meantime.
        if (last) queueMicrotask(() => current.listeners.has(listener) && tell(listener, last));
      }
      const joined = loop;
      return () => {
        joined.listeners.delete(listener);
        if (joined.listeners.size === 0) stop(roomId, joined);
      };
    },
    refresh(roomId) {
      const loop = loops.get(roomId);
      if (loop === undefined || loop.stopped) return;
      loop.force = true;
      if (loop.timer === undefined) {
        loop.again = true;
        return;
      }
      clearTimeout(loop.timer);
      loop.timer = undefined;
      void poll(roomId, loop);
    },
    async latest(roomId) {
      const loop = loops.get(roomId);
      if (loop?.last !== undefined && !loop.stopped) return loop.last;
      if (!share) return undefined;
      try {
        const text = await share.latest(roomId);
        return text === undefined ? undefined : (JSON.parse(text) as Observation);
      } catch {
        return undefined;
      }
    },
    stopAll() {
      for (const [roomId, loop] of [...loops]) stop(roomId, loop);
      void subscribed?.then((unsubscribe) => unsubscribe?.());
    },
    get activeRooms() {
      return loops.size;
    },
  };
}
