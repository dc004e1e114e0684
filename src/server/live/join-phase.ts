import type { JoinRole } from '../../protocol/ticket.js';
import type { RoomPhase } from '../../protocol/visits.js';
import type { StoredRoom } from '../providers/types.js';
import { joinAvailableFrom, type JoinWindow } from '../visits/visit-window.js';
import { callerView } from './caller-view.js';
import type { Observe } from './room-watch.js';

/** The room's phase for one caller at the time of a join; undefined when the provider could not say. */
export type JoinPhase = (
  room: StoredRoom,
  role: JoinRole,
  signal: AbortSignal,
) => Promise<RoomPhase | undefined>;

/**
 * One look at the room for the join answer, so that the browser can frame the room (or show the waiting room)
 * without waiting for the event stream's first state. It says what the stream would say. A provider that cannot
 * be asked gives no phase rather than the stream's fallback "open": a patient must never be let in early because
 * a vendor was slow; the browser then waits for the stream as before. Never rejects.
 */
export function createJoinPhase(deps: {
  observe: Observe;
  joinWindow: JoinWindow;
  now: () => Date;
}): JoinPhase {
  return async (room, role, signal) => {
    try {
      const { state, error } = await deps.observe(room.id, signal);
      if (error) return undefined;
      const opensForCaller = joinAvailableFrom(room, role, deps.joinWindow).getTime();
      return callerView(state, role, opensForCaller, deps.now().getTime()).phase;
    } catch {
      return undefined;
    }
  };
}
