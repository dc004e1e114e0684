import { isWebhookId, webhookJob, type WebhookData } from '../jobs/webhook-event.js';
import type { Logger } from '../logger.js';
import type { JobStore } from '../store/job-types.js';
import type { ConsultStore } from '../store/types.js';
import type { Observe } from './room-watch.js';

/**
 * Turns what the live watcher sees into `visit.started` (the first time a room is `live`) and
 * `visit.ended` (the first time a room that started is `ended`) webhooks. Each is enqueued at most once
 * per room, ever (its dedupe key), whichever process or poll sees it first; a room that never started
 * sends no `visit.ended`. The rooms already reported are remembered so that a running call costs no
 * database look-up per poll. Only watched rooms are seen: a visit nobody follows through the event
 * stream sends nothing.
 */
export type VisitEventReporter = (roomId: string, event: 'visit.started' | 'visit.ended') => Promise<void>;

/**
 * Enqueues a room's `visit.started` or `visit.ended` webhook at most once, ever (its dedupe key); a room
 * that never started sends no `visit.ended`. Used by the watcher below and by the end command.
 */
export function createVisitEventReporter(deps: {
  store: Pick<ConsultStore, 'findRoom'>;
  jobs: JobStore;
  now: () => Date;
}): VisitEventReporter {
  const reported = new Set<string>();
  return async (roomId, event) => {
    const key = `${event}:${roomId}`;
    if (reported.has(key)) return;
    if (event === 'visit.ended' && !(await deps.jobs.findByDedupeKey(`visit.started:${roomId}`))) return;
    const room = await deps.store.findRoom(roomId);
    if (!room) return;
    const at = deps.now();
    const data: WebhookData = { roomId };
    if (isWebhookId(room.appointment)) data.appointmentId = room.appointment;
    data[event === 'visit.started' ? 'startedAt' : 'endedAt'] = at;
    await deps.jobs.enqueue(webhookJob(event, data, at, { dedupeKey: key }), at);
    reported.add(key);
  };
}

export function withVisitEvents(
  observe: Observe,
  deps: { report: VisitEventReporter; logger: Logger },
): Observe {
  const { report } = deps;
  return async (roomId, signal) => {
    const result = await observe(roomId, signal);
    const phase = result.error ? undefined : result.state.phase;
    const event = phase === 'live' ? 'visit.started' : phase === 'ended' ? 'visit.ended' : undefined;
    if (event) {
      // Never in the way of the live state: a failure is logged (ids and codes only) and seen again next poll.
      await report(roomId, event).catch((error: unknown) =>
        deps.logger.warn({ room: roomId, event, code: (error as Error)?.name }, 'visit event not recorded'),
      );
    }
    return result;
  };
}
