import type { SSEStreamingApi } from 'hono/streaming';
import type { RoomState } from '../../protocol/visits.js';
import type { ObservedState } from './room-watch.js';
import type { Listener } from './room-watch.js';

export interface RoomEventStreamOptions {
  /** Joins the shared watcher of the room; returns the leave function. */
  subscribe: (listener: Listener) => () => void;
  /** The caller's view of a state (e.g. "waiting" until the caller's own window opens). */
  view: (state: ObservedState) => RoomState;
  heartbeatMs: number;
  /** The stream closes after this, so the client reconnects with a fresh ticket. */
  maxStreamMs: number;
  /** Any of these ends the stream: server shutdown, the client's request going away. */
  until: AbortSignal[];
}

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * Writes a room's events to one SSE stream: `event: state` with a RoomState at once and whenever the
 * caller's view changes, `event: error` with `{ code }` when the provider starts failing (with the last
 * known state again just before it, and the state again once it recovers), a comment line as heartbeat.
 * Returns when the stream is over: client gone, lifetime reached or shutdown.
 */
export async function writeRoomEvents(stream: SSEStreamingApi, options: RoomEventStreamOptions) {
  const done = new AbortController();
  const finish = () => done.abort();
  stream.onAbort(finish);
  const signal = AbortSignal.any([done.signal, ...options.until]);

  // Writes wait for the client to read (backpressure); a chain keeps them in order without blocking
  // the watcher, which delivers to every stream of the room from one loop.
  let queue = Promise.resolve();
  const send = (write: () => Promise<unknown>) => {
    queue = queue.then(write).then(() => undefined, finish);
  };
  const sendState = (state: RoomState) =>
    send(() => stream.writeSSE({ event: 'state', data: JSON.stringify(state) }));

  let lastKey: string | undefined;
  let lastError: string | undefined;
  const leave = options.subscribe(({ state, error }) => {
    const errorChanged = error !== lastError;
    lastError = error;
    if (state) {
      const view = options.view(state);
      const key = `${view.phase}/${view.participants ?? ''}`;
      if (key !== lastKey || errorChanged) sendState(view);
      lastKey = key;
    }
    if (errorChanged && error)
      send(() => stream.writeSSE({ event: 'error', data: JSON.stringify({ code: error }) }));
  });
  const heartbeat = setInterval(() => send(() => stream.write(': heartbeat\n\n')), options.heartbeatMs);
  const lifetime = setTimeout(finish, options.maxStreamMs);
  try {
    await untilAborted(signal);
  } finally {
    leave();
    clearInterval(heartbeat);
    clearTimeout(lifetime);
  }
}
