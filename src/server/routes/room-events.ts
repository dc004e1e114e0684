import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Authenticate } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { callerView } from '../live/caller-view.js';
import { writeRoomEvents } from '../live/event-stream.js';
import type { RoomWatch } from '../live/room-watch.js';
import type { StreamSlots } from '../live/stream-slots.js';
import { ProblemError } from '../problem-error.js';
import type { RoomService } from '../rooms.js';
import { joinAvailableFrom, type JoinWindow } from '../visits/visit-window.js';

export interface LiveTimings {
  /** Poll interval per provider name. */
  pollIntervalMs: (provider: string) => number;
  heartbeatMs: number;
  maxStreamMs: number;
}

/**
 * `GET /v1/rooms/:id/events`: the room's live state as server-sent events. The ticket comes in the
 * Authorization header (browsers read this with fetch streaming, never EventSource, so no ticket is ever
 * put in a URL); scope and role are checked as for a join. Every stream of a room shares one watcher.
 */
export function roomEventRoutes(deps: {
  authenticate: Authenticate;
  rooms: RoomService;
  watch: RoomWatch;
  slots: StreamSlots;
  joinWindow: JoinWindow;
  timings: LiveTimings;
  now: () => Date;
  /** Aborted when the server shuts down: every stream ends. */
  shutdown: AbortSignal;
}) {
  return new Hono<AppEnv>().get('/v1/rooms/:id/events', async (c) => {
    const caller = await deps.authenticate(c);
    if (caller.role === 'staff') {
      throw new ProblemError('forbidden-role', 'Staff tickets cannot follow a visit.');
    }
    const role = caller.role;
    const room = await deps.rooms.byId(c.req.param('id'));
    if (caller.appointment !== undefined && caller.appointment !== room.appointment) {
      throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
    }
    const release = await deps.slots.acquire(c.get('clientIp'), caller.actor);
    const opensForCaller = joinAvailableFrom(room, role, deps.joinWindow).getTime();

    const response = streamSSE(c, async (stream) => {
      try {
        await writeRoomEvents(stream, {
          subscribe: (listener) =>
            deps.watch.subscribe(room.id, deps.timings.pollIntervalMs(room.provider), listener),
          view: (state) => callerView(state, role, opensForCaller, deps.now().getTime()),
          heartbeatMs: deps.timings.heartbeatMs,
          maxStreamMs: deps.timings.maxStreamMs,
          until: [deps.shutdown, c.req.raw.signal],
        });
      } finally {
        release();
      }
    });
    // streamSSE sets `no-cache`; the state is per caller and must not be stored anywhere. Set on the
    // context too: Hono merges the context's headers into the returned response.
    for (const [name, value] of [
      ['Cache-Control', 'no-store'],
      ['X-Accel-Buffering', 'no'],
    ] as const) {
      c.header(name, value);
      response.headers.set(name, value);
    }
    return response;
  });
}
