import type { ProviderRoomState } from '../types.js';
import type { CallLog } from './schemas.js';

const isSet = (value: number | '' | null | undefined): boolean => typeof value === 'number' && value > 0;

/**
 * A call's phase from its log entries. The doc documents call logs with an `end` (epoch seconds) and
 * nothing about a call's `status` values, so:
 * - an entry without `end` is a session in progress: `live`;
 * - no entry: the call has not run yet: `open`;
 * - every entry ended: the call ran. Until the scheduled end a dropped call may be resumed (`open`);
 *   after it the visit took place and is over (`ended`).
 * Entries are matched by `call_id` where they carry one, in case the filter were ignored.
 */
export const callPhase = (
  logs: CallLog[],
  callId: number | string,
  scheduledEnd: number,
  now: number,
): ProviderRoomState => {
  const ours = logs.filter(
    (log) => log.call_id === undefined || log.call_id === null || String(log.call_id) === String(callId),
  );
  if (ours.some((log) => !isSet(log.end))) return { phase: 'live' };
  if (ours.length === 0 || now < scheduledEnd) return { phase: 'open' };
  return { phase: 'ended' };
};
