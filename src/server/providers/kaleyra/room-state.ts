import type { ProviderRoomState } from '../types.js';
import type { RoomDetails } from './schemas.js';

/**
 * A room's phase from its Kaleyra `details`. The doc shows one sample (`status: "NOT_RUNNING"`,
 * `live: true`, `disabled: true`, with 1200 of 3600 seconds used) and defines none of the fields. A
 * wrong "waiting" would hold people in our waiting room and a wrong "ended" would close a visit, while a
 * wrong "live" only changes a hint, so the fields are read in that safe direction:
 * - `status: "RUNNING"` (the counterpart of the documented `NOT_RUNNING`) or `live: true`: `live`;
 * - anything else: `open`. The server's own window and status say when a visit is over or not open yet.
 * `disabled` is not read: the sample shows it on a room that is also `live`. `participantsBandyerCall`
 * lists who was invited, not who is in the call, so no count is reported.
 */
export const kaleyraPhase = (details: RoomDetails): ProviderRoomState =>
  details.status.toUpperCase() === 'RUNNING' || details.live === true ? { phase: 'live' } : { phase: 'open' };
