import { http, HttpResponse } from 'msw';
import type { RoomSession } from '../../src/client/room-session.js';
import type { JoinResponse } from '../../src/protocol/join.js';
import type { RoomPhase, VisitInfo } from '../../src/protocol/visits.js';
import { worker } from './mock-server.js';
import { joinResponse } from './video-consult-room.helpers.js';
import { SERVER, roomUrl } from './support.js';

export const EVENTS = `${SERVER}/v1/rooms/:id/events`;

/** A fake session: numbered tickets (`ticket-1`, …), refreshes from `refresh` (default: a fresh link each time). */
export const fakeSession = (
  options: { visit?: Partial<VisitInfo>; refresh?: (n: number) => Promise<JoinResponse> } = {},
) => {
  const calls = { tickets: 0, refreshes: 0 };
  const session: RoomSession = {
    server: SERVER,
    ticket: async () => `ticket-${++calls.tickets}`,
    refresh: async () => {
      const n = ++calls.refreshes;
      return options.refresh
        ? options.refresh(n)
        : joinResponse({ url: roomUrl(`room=room-1&link=${n}`), expiresAt: inSeconds(300) });
    },
    ...(options.visit && {
      visit: {
        appointment: 'appt-1',
        roomId: 'room-1',
        provider: 'sandbox',
        status: 'open',
        startsAt: inSeconds(600),
        endsAt: inSeconds(2400),
        joinAvailableFrom: inSeconds(-300),
        serverTime: new Date().toISOString(),
        ...options.visit,
      },
    }),
  };
  return { session, calls };
};

/** An ISO instant `s` seconds from now. */
export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

const encoder = new TextEncoder();

/** A `state` event as the server writes it. */
export const stateEvent = (phase: RoomPhase, roomId = 'room-1') =>
  `event: state\ndata: ${JSON.stringify({ roomId, phase, observedAt: new Date().toISOString() })}\n\n`;

/**
 * The consult server's live room state, mocked: each `GET …/events` opens a stream the test writes to. Records the
 * Authorization header and Accept of every connection.
 */
export const liveRoom = () => {
  const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  const requests: { authorization: string | null; accept: string | null; url: string }[] = [];
  worker.use(
    http.get(EVENTS, ({ request }) => {
      requests.push({
        authorization: request.headers.get('authorization'),
        accept: request.headers.get('accept'),
        url: request.url,
      });
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void streams.push(controller) });
      return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  );
  const write = (text: string) => streams.at(-1)!.enqueue(encoder.encode(text));
  return {
    streams,
    requests,
    write,
    /** Sends a `state` event on the newest stream. */
    send: (phase: RoomPhase, roomId = 'room-1') => write(stateEvent(phase, roomId)),
    /** Breaks the newest stream (a network error mid-stream). */
    drop: () => streams.at(-1)!.error(new TypeError('connection lost')),
    /** Ends the newest stream cleanly (the server's periodic close). */
    close: () => streams.at(-1)!.close(),
  };
};
