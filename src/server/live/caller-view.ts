import type { JoinRole } from '../../protocol/ticket.js';
import type { RoomState } from '../../protocol/visits.js';
import type { ObservedState } from './room-watch.js';

/**
 * A room's state as one caller may see it. The vendor's "open" means anyone may enter; this caller may not
 * before their own window, and a patient waits for the clinician where the provider says the clinician is
 * not there yet. The event stream and the join answer both say it this way, so they never disagree.
 */
export const callerView = (
  { hostPresent, ...state }: ObservedState,
  role: JoinRole,
  opensForCaller: number,
  now: number,
): RoomState =>
  (state.phase === 'open' || state.phase === 'live') &&
  (now < opensForCaller || (role === 'patient' && hostPresent === false))
    ? { ...state, phase: 'waiting' }
    : state;
