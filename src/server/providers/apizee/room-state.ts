import type { RoomPhase } from '../../../protocol/visits.js';
import { VendorError } from '../internal/vendor-error.js';
import { VENDOR } from './api.js';

/**
 * The doc shows conference statuses "scheduled" and "ongoing" and ticket states "invited" and "done";
 * the rest of each list is Apizee's and undocumented. The documented values map as their words say; the
 * words below for "over" and "in progress" are the usual synonyms. Anything unknown is read as `open`
 * (the room exists and we cannot say more): a wrong "open" costs a hint, a wrong "ended" a visit.
 */
const OVER = new Set([
  'done',
  'ended',
  'finished',
  'closed',
  'completed',
  'terminated',
  'archived',
  'cancelled',
  'canceled',
  'expired',
]);
const IN_PROGRESS = new Set(['ongoing', 'in_progress', 'in-progress', 'started', 'running', 'active']);

export const apizeePhase = (status: string): RoomPhase => {
  const word = status.trim().toLowerCase();
  if (OVER.has(word)) return 'ended';
  if (IN_PROGRESS.has(word)) return 'live';
  return 'open';
};

/** The lookup is a search: the room's own entry (by id) must be in it, or the answer is not about it. */
export const findOwn = <T extends { id: number }>(entries: T[], id: number): T => {
  const own = entries.find((entry) => entry.id === id);
  if (own === undefined) {
    throw new VendorError('vendor-bad-response', `${VENDOR} did not list this room`, undefined, {
      reason: 'room not in the lookup answer',
    });
  }
  return own;
};
