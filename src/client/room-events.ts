import { ROOM_PHASES, type RoomState } from '../protocol/visits.js';
import { parseSecureUrl } from '../internal/url-policy.js';
import { sseParser } from '../internal/sse-parser.js';
import { ConsultError } from './consult-error.js';
import { parseJson } from './request.js';

export interface FollowRoomOptions {
  /** Consult server base URL (`https:`, `http:` on localhost). */
  server: string;
  roomId: string;
  /** A fresh single-use consult ticket; asked for before every connection. */
  ticket: (signal: AbortSignal) => Promise<string>;
  /** Ends the stream for good (no report). */
  signal: AbortSignal;
  onState: (state: RoomState) => void;
  /** A connection (re)opened. */
  onOpen: () => void;
  /** A connection failed or dropped; the next attempt starts in `delay` ms. */
  onRetry: (attempt: number, delay: number) => void;
  /**
   * No byte, not even a heartbeat, for this long means a dead connection (mobile networks leave them half-open).
   * Default 130 s: the server's heartbeat interval is at most 120 s (15 s unless configured).
   */
  idleMs?: number;
}

const isRoomState = (data: unknown): data is RoomState => {
  const state = data as Partial<RoomState> | null | undefined;
  return typeof state?.roomId === 'string' && ROOM_PHASES.includes(state.phase!);
};

/** Retrying cannot fix a refused request, except an expired ticket (a fresh one comes next), a timeout or a rate limit. */
const isFatal = ({ status }: ConsultError) =>
  status >= 400 && status < 500 && ![401, 408, 425, 429].includes(status);

/** Exponential backoff from 1 s to 30 s with "equal jitter", so that a fleet of patients does not reconnect in step. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/** One connection; resolves true when it ended cleanly after it delivered a state (the server's periodic close). */
const connect = async (url: URL, options: FollowRoomOptions): Promise<boolean> => {
  const ticket = await options.ticket(options.signal);
  const connection = new AbortController();
  const signal = AbortSignal.any([options.signal, connection.signal]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => connection.abort(), options.idleMs ?? 130_000);
  };
  try {
    arm();
    // fetch, not EventSource: the ticket goes in a header, never in a URL (logs, history, Referer).
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${ticket}`, Accept: 'text/event-stream' },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal,
    });
    const { status } = response;
    if (!response.ok) {
      const code = (parseJson(await response.text()) as { code?: unknown } | undefined)?.code;
      throw new ConsultError(typeof code === 'string' ? code : 'bad-response', { status });
    }
    if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '') || !response.body) {
      // Something that is not our server answered (a portal's catch-all page): 406, so that it counts as fatal.
      throw new ConsultError('bad-response', { status: 406 });
    }
    options.onOpen();
    let delivered = false;
    const parse = sseParser((type, data) => {
      const body = parseJson(data) as { code?: unknown } | undefined;
      if (type === 'state' && isRoomState(body)) {
        delivered = true;
        options.onState(body);
      } else if (type === 'error' && body?.code === 'room-ended') {
        throw new ConsultError('room-ended', { status: 409 });
      }
      // Other errors say the provider is failing for now: the server keeps polling it and sends the state again
      // when it recovers, on this same stream.
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return delivered;
      arm();
      parse(value);
    }
  } finally {
    clearTimeout(timer);
    // Closes the socket on every way out (a thrown error event, an idle timeout, the caller's abort).
    connection.abort();
  }
};

/**
 * Follows a room's live state, `GET {server}/v1/rooms/{roomId}/events` (server-sent events `state` and `error`),
 * reconnecting with jittered backoff and a fresh ticket each time until `signal` aborts. Rejects with a
 * ConsultError only when retrying cannot help (`room-ended`, `room-not-found`, a server without this route).
 */
export const followRoom = async (options: FollowRoomOptions): Promise<void> => {
  const base = parseSecureUrl(options.server);
  if (!base) throw new ConsultError('bad-request', { status: 400, detail: 'server must be an https: URL' });
  const url = new URL(
    `${base.origin}${base.pathname.replace(/\/+$/, '')}/v1/rooms/${encodeURIComponent(options.roomId)}/events`,
  );
  const { signal } = options;
  for (let attempt = 0; !signal.aborted;) {
    let clean = false;
    try {
      clean = await connect(url, options);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ConsultError && isFatal(error)) throw error;
    }
    attempt = clean ? 0 : attempt + 1;
    // After the server's routine close, come back at once (spread over a second); after a failure, back off.
    const delay = attempt ? backoff(attempt) : Math.random() * 1000;
    if (attempt) options.onRetry(attempt, Math.round(delay));
    await sleep(delay, signal);
  }
};
