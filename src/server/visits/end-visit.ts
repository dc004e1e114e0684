import type { Audit } from '../audit.js';
import { ProblemError } from '../problem-error.js';
import type { StoredRoom, VideoProvider } from '../providers/types.js';
import type { ConsultStore } from '../store/types.js';

export interface EndVisitDeps {
  store: Pick<ConsultStore, 'setRoomStatus'>;
  providerOf: (name: string) => VideoProvider;
  audit: Audit;
  /** The room's `visit.ended` webhook and its watchers told at once (the live lifecycle's own path). */
  visitEnded?: (roomId: string) => Promise<void>;
}

/** Who ends it: a clinician already authorized for this room (pseudonymous actor, request id). */
export interface VisitEndedBy {
  actor: string;
  requestId?: string;
}

export type EndVisit = (room: StoredRoom, by: VisitEndedBy, signal: AbortSignal) => Promise<StoredRoom>;

/**
 * Ends a visit for everyone, once the caller is known to be its clinician: the vendor's end where the
 * provider has one (`endRoom`: Auvious `PUT /{id}/end`), then the room `ended` in our store (so the live
 * state reads ended, no new link is minted, and the elements close their frames), an audit row
 * `visit.ended` (ids only) and the `visit.ended` webhook. Idempotent: an ended room is answered as it is,
 * with no second vendor call or audit row; concurrent ends of one room in this process share one run. The
 * store is changed only after the vendor succeeded, so a failed end can be retried.
 */
export function createEndVisit(deps: EndVisitDeps): EndVisit {
  const running = new Map<string, Promise<StoredRoom>>();

  const end = async (room: StoredRoom, by: VisitEndedBy, signal: AbortSignal): Promise<StoredRoom> => {
    await deps.providerOf(room.provider).endRoom?.(room, signal);
    await deps.store.setRoomStatus(room.id, 'ended');
    await deps.audit('visit.ended', {
      actor: by.actor,
      role: 'clinician',
      roomId: room.id,
      provider: room.provider,
      ...(by.requestId === undefined ? {} : { requestId: by.requestId }),
    });
    await deps.visitEnded?.(room.id);
    return { ...room, status: 'ended' };
  };

  return async (room, by, signal) => {
    if (room.status === 'cancelled') throw new ProblemError('room-ended', 'This visit was cancelled.');
    if (room.status === 'ended') return room;
    let pending = running.get(room.id);
    if (!pending) {
      pending = end(room, by, signal).finally(() => running.delete(room.id));
      running.set(room.id, pending);
    }
    return pending;
  };
}
