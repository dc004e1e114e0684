import type { ConsultServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { VideoProvider } from '../providers/types.js';
import type { LiveTimings } from '../routes/room-events.js';
import type { JobStore } from '../store/job-types.js';
import type { ConsultStore } from '../store/types.js';
import { createJoinPhase } from './join-phase.js';
import { createRoomObserver } from './observe-room.js';
import { createRoomWatch, defaultLeaseMs } from './room-watch.js';
import { createStreamSlots } from './stream-slots.js';
import { createVisitEventReporter, withVisitEvents } from './visit-events.js';

/** Live timings in milliseconds; tests may go below the configuration's minimums. */
export interface LiveTimingOverrides {
  pollIntervalMs?: number;
  sandboxPollIntervalMs?: number;
  heartbeatMs?: number;
  maxStreamMs?: number;
  /** How long a room's poll lease lasts without renewal (default: 2 poll intervals + 5 s, `defaultLeaseMs`). */
  pollLeaseMs?: number;
}

/** The shared room watcher, the stream caps, the timings and the join answer's phase, from the configuration. */
export function createLive(deps: {
  config: ConsultServerConfig;
  overrides?: LiveTimingOverrides;
  store: ConsultStore;
  providerOf: (name: string) => VideoProvider;
  now: () => Date;
  logger: Logger;
  /** Where `visit.started` / `visit.ended` webhooks are enqueued; none without it. */
  jobs?: JobStore;
}) {
  const { live, joinWindow } = deps.config;
  const vendorPoll = deps.overrides?.pollIntervalMs ?? live.pollIntervalMs;
  const sandboxPoll = deps.overrides?.sandboxPollIntervalMs ?? live.sandboxPollIntervalMs;
  const timings: LiveTimings = {
    pollIntervalMs: (provider) => (provider === 'sandbox' ? sandboxPoll : vendorPoll),
    heartbeatMs: deps.overrides?.heartbeatMs ?? live.heartbeatSeconds * 1000,
    maxStreamMs: deps.overrides?.maxStreamMs ?? live.maxStreamSeconds * 1000,
  };
  const observeRoom = createRoomObserver({
    store: deps.store,
    providerOf: deps.providerOf,
    joinWindow,
    now: deps.now,
  });
  const report = deps.jobs ? createVisitEventReporter({ ...deps, jobs: deps.jobs }) : undefined;
  const observe = report ? withVisitEvents(observeRoom, { report, logger: deps.logger }) : observeRoom;
  const lease = deps.overrides?.pollLeaseMs;
  const leaseMs = (intervalMs: number) => lease ?? defaultLeaseMs(intervalMs);
  const watch = createRoomWatch({
    observe,
    share: deps.store.roomPolls,
    leaseMs,
    // Room ids and codes only; a reason carries a method and path template, never a URL or a body.
    onFailure: (room, { code, reason }) => deps.logger.warn({ room, code, reason }, 'live state unavailable'),
  });
  const subjectSlots = deps.store.sharedSubjectSlots?.({ secret: deps.config.pseudonymSecret });
  const slots = createStreamSlots(
    { perIp: live.maxStreamsPerIp, perSubject: live.maxStreamsPerSubject },
    subjectSlots,
  );
  const joinPhase = createJoinPhase({
    observe,
    latest: (roomId) => watch.latest(roomId),
    maxAgeMs: (provider) => leaseMs(timings.pollIntervalMs(provider)),
    joinWindow,
    now: deps.now,
  });
  /** A room ended by its clinician: its webhook (as the watcher would send it), and its watchers told now. */
  const visitEnded = async (roomId: string) => {
    await report?.(roomId, 'visit.ended').catch((error: unknown) =>
      deps.logger.warn({ room: roomId, code: (error as Error)?.name }, 'visit event not recorded'),
    );
    watch.refresh(roomId);
  };
  /** Shutdown: the shared slots' heartbeat stops (the streams have ended by then). */
  const close = () => subjectSlots?.close();
  return { watch, slots, timings, joinPhase, visitEnded, close };
}

/** The event stream route, which the request timeout must not cut. */
export const isEventStream = (method: string, path: string): boolean =>
  method === 'GET' && /^\/v1\/rooms\/[^/]+\/events\/?$/.test(path);
