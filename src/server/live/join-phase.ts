import type { JoinRole } from '../../protocol/ticket.js';
import type { RoomPhase } from '../../protocol/visits.js';
import type { StoredRoom } from '../providers/types.js';
import { joinAvailableFrom, type JoinWindow } from '../visits/visit-window.js';
import { callerView } from './caller-view.js';
import type { Observation, Observe } from './room-watch.js';

/** The room's phase for one caller at the time of a join; undefined when the provider could not say. */
export type JoinPhase = (
  room: StoredRoom,
  role: JoinRole,
  signal: AbortSignal,
) => Promise<RoomPhase | undefined>;

/**
 * One look at the room for the join answer, so that the browser can frame the room (or show the waiting room)
 * without waiting for the event stream's first state. It says what the stream would say. A room somebody
 * watches (here, or on another instance sharing the database) is not asked again: the watcher's latest
 * observation answers, unless it is older than `maxAgeMs` or was a failure. Otherwise the provider is asked
 * once. A provider that cannot be asked gives no phase rather than the stream's fallback "open": a patient
 * must never be let in early because a vendor was slow; the browser then waits for the stream as before.
 * Never rejects.
 */
export function createJoinPhase(deps: {
  observe: Observe;
  /** The room watcher's latest observation of a watched room (its own, or the shared poller's). */
  latest?: (roomId: string) => Promise<Observation | undefined>;
  /** How old that observation may be for the provider's rooms (the poll lease: its poller still holds it). */
  maxAgeMs?: (provider: string) => number;
  joinWindow: JoinWindow;
  now: () => Date;
}): JoinPhase {
  const fresh = async (room: StoredRoom): Promise<Observation | undefined> => {
    const seen = await deps.latest?.(room.id);
    if (seen?.state === undefined || seen.error !== undefined || deps.maxAgeMs === undefined)
      return undefined;
    const age = deps.now().getTime() - Date.parse(seen.state.observedAt);
    return age <= deps.maxAgeMs(room.provider) ? seen : undefined;
  };
  return async (room, role, signal) => {
    try {
      const { state, error } = (await fresh(room)) ?? (await deps.observe(room.id, signal));
      if (error || state === undefined) return undefined;
      const opensForCaller = joinAvailableFrom(room, role, deps.joinWindow).getTime();
      return callerView(state, role, opensForCaller, deps.now().getTime()).phase;
    } catch {
      return undefined;
    }
  };
}
