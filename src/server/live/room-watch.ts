import type { ServerErrorCode } from '../../protocol/errors.js';
import type { RoomState } from '../../protocol/visits.js';

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
  abort: AbortController;
  stopped: boolean;
}

export interface RoomWatchOptions {
  observe: Observe;
  /** Told once per failure streak (not on every poll of an outage). */
  onFailure?: (roomId: string, error: { code: ServerErrorCode; reason?: string }) => void;
}

/**
 * The shared watcher: one polling loop per watched room, however many browsers watch it, so a vendor sees
 * at most one state request per room per interval. The next poll is scheduled after the previous one has
 * answered, so polls never overlap. The loop stops, and a poll in flight is aborted, when the last watcher
 * leaves. A failure never throws to the watchers: they get the last known state and an error code.
 */
export function createRoomWatch({ observe, onFailure }: RoomWatchOptions): RoomWatch {
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

  const poll = async (roomId: string, loop: Loop): Promise<void> => {
    let observation: Observation;
    loop.timer = undefined;
    loop.again = false;
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
    if (!loop.stopped) {
      loop.timer = setTimeout(() => void poll(roomId, loop), loop.again ? 0 : loop.intervalMs);
    }
  };

  const stop = (roomId: string, loop: Loop) => {
    loop.stopped = true;
    clearTimeout(loop.timer);
    loop.abort.abort();
    if (loops.get(roomId) === loop) loops.delete(roomId);
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
      if (loop.timer === undefined) {
        loop.again = true;
        return;
      }
      clearTimeout(loop.timer);
      loop.timer = undefined;
      void poll(roomId, loop);
    },
    stopAll() {
      for (const [roomId, loop] of [...loops]) stop(roomId, loop);
    },
    get activeRooms() {
      return loops.size;
    },
  };
}
