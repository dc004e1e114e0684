/** The consult server the tests mock with msw. */
export const SERVER = 'https://consult.example.test';

/**
 * A second loopback origin served by the same wtr server (it listens on all interfaces), so that the room
 * page is really cross-origin to the test page, as a vendor's room is.
 */
export const ROOM_ORIGIN = `http://${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

/** The fixture room page on `origin`, with its query options (`silent`, `post=<type>`, `room=<id>`). */
export const roomUrl = (query = '', origin = ROOM_ORIGIN): string =>
  `${origin}/test/browser/fixtures/room.html${query ? `?${query}` : ''}`;

/** The first element matching `selector` in `host`'s shadow root. */
export const part = <T extends Element = HTMLElement>(host: Element, selector: string): T | null =>
  host.shadowRoot!.querySelector<T>(selector);

/** Records every event of `type` on `target` (for counting, and for events fired during a fixture's first render). */
export const record = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) => {
  const events: GlobalEventHandlersEventMap[K][] = [];
  target.addEventListener(type, (event) => events.push(event as GlobalEventHandlersEventMap[K]));
  return events;
};

/**
 * Waits until `condition` holds, checking every 10 ms. No deadline short of the test's own timeout: a loaded machine
 * makes a test slower, never red (`waitUntil` of @open-wc gives up after one second). After a minute it stops, so
 * that the checks of a test that already failed do not run on.
 */
export const until = async (condition: () => unknown, what = 'the condition'): Promise<void> => {
  const end = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Waits until `events` holds at least `count` entries. */
export const received = (events: unknown[], count = 1) =>
  until(() => events.length >= count, `${count} event(s), got ${events.length}`);
