import { setupWorker } from 'msw/browser';
import { http, HttpResponse } from 'msw';
import type { JoinResponse } from '../../src/protocol/join.js';
import { ROOM_ORIGIN, SERVER, roomUrl } from './support.js';

/** msw mocks of the consult server's `POST /v1/join` and of the host page's own `GET /ticket`. */

export const JOIN = `${SERVER}/v1/join`;

export const JOINED: JoinResponse = {
  url: roomUrl('room=room-1'),
  expiresAt: '2030-01-01T10:00:00.000Z',
  provider: 'sandbox',
  roomId: 'room-1',
  allowedOrigins: [ROOM_ORIGIN],
  allow: [],
};

export interface SeenJoin {
  authorization: string | null;
  body: unknown;
  credentials: RequestCredentials;
  cache: RequestCache;
}

/** What the mocks saw in the current test (`window.open` is stubbed: no popups from tests). */
export const seen = { joins: [] as SeenJoin[], ticketFetches: 0, opened: [] as Parameters<Window['open']>[] };

export const worker = setupWorker(
  http.post(JOIN, async ({ request }) => {
    const { credentials, cache } = request;
    const body: unknown = await request.json();
    seen.joins.push({ authorization: request.headers.get('authorization'), body, credentials, cache });
    return HttpResponse.json(JOINED);
  }),
  http.get('/ticket', () => {
    seen.ticketFetches++;
    return HttpResponse.text('ticket-from-url');
  }),
);

/** A problem+json response as the consult server sends it. */
export const problem = (status: number, code: string) =>
  HttpResponse.json(
    {
      type: `urn:video-consult:problem:${code}`,
      title: code,
      status,
      code,
      detail: 'for developers',
      requestId: 'req-1',
    },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

/** Registers the mocks and the `window.open` stub for the calling test file. */
export const useMockServer = () => {
  const windowOpen = window.open;
  before(() =>
    worker.start({
      serviceWorker: { url: '/mockServiceWorker.js' },
      quiet: true,
      onUnhandledRequest: 'error',
    }),
  );
  beforeEach(() => {
    seen.joins = [];
    seen.ticketFetches = 0;
    seen.opened = [];
    window.open = (...args: Parameters<Window['open']>) => {
      seen.opened.push(args);
      return null;
    };
  });
  afterEach(() => {
    window.open = windowOpen;
    worker.resetHandlers();
  });
  after(() => worker.stop());
};
