import type { RoomPhase } from '../../protocol/visits.js';
import { ProblemError } from '../problem-error.js';
import type { VideoProvider } from '../providers/types.js';
import type { ConsultStore } from '../store/types.js';
import { closesAt, roomOpensAt, type JoinWindow } from '../visits/visit-window.js';
import type { Observe, ObservedState } from './room-watch.js';

/**
 * One look at a room for the watcher. What the server knows itself is answered without asking the vendor:
 * a cancelled or ended room, or one past its end plus grace, is over; before anyone may enter it is
 * waiting. Only in between is the provider asked. A provider failure comes back as an error with the
 * server's own view ("open": inside the window) for the watcher to fall back on when it knows nothing
 * better.
 */
export function createRoomObserver(deps: {
  store: ConsultStore;
  providerOf: (name: string) => VideoProvider;
  joinWindow: JoinWindow;
  now: () => Date;
}): Observe {
  return async (roomId, signal) => {
    const room = await deps.store.findRoom(roomId);
    const at = deps.now();
    const state = (phase: RoomPhase, participants?: number, hostPresent?: boolean): ObservedState => ({
      roomId,
      phase,
      ...(participants === undefined ? {} : { participants }),
      ...(hostPresent === undefined ? {} : { hostPresent }),
      observedAt: at.toISOString(),
    });
    if (!room || room.status !== 'open' || at >= closesAt(room, deps.joinWindow)) {
      return { state: state('ended') };
    }
    if (at < roomOpensAt(room, deps.joinWindow)) return { state: state('waiting') };
    try {
      const seen = await deps.providerOf(room.provider).roomState(room, signal);
      return { state: state(seen.phase, seen.participants, seen.hostPresent) };
    } catch (error) {
      if (signal.aborted) throw error;
      const code = error instanceof ProblemError ? error.code : 'internal';
      // The name only for anything else: a message can quote vendor data (a schema error its input).
      const reason = error instanceof ProblemError ? error.options.reason : (error as Error)?.name;
      return { state: state('open'), error: { code, reason } };
    }
  };
}
