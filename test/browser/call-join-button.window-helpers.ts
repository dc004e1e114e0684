import { aTimeout, fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { http, HttpResponse } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { clock, type Clock } from '../../src/controllers/countdown-controller.js';
import type { VisitInfo } from '../../src/protocol/visits.js';
import { part, SERVER, until } from './support.js';
import { worker } from './mock-server.js';

export const MINUTE = 60_000;

/**
 * The local clock at the start of every test. At noon UTC the next 40 minutes fall on one calendar day in every
 * time zone (-12:00 … +14:00), so the start time shows without a date wherever the browser runs.
 */
export const NOW = Date.parse('2030-03-05T12:00:00.000Z');

/**
 * A clock the test moves by hand: `now` stands still until `tick`, which runs the timers that fall due on the
 * way, in order, at their own time.
 */
export class FakeClock implements Clock {
  constructor(private time = NOW) {}

  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = () => this.time;

  setTimeout = (callback: () => void, ms: number) => {
    this.timers.set(this.nextId, { at: this.time + ms, callback });
    return this.nextId++;
  };

  clearTimeout = (id: number | undefined) => void this.timers.delete(id!);

  /** How long until each pending timer fires. */
  get pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.time);
  }

  tick(ms: number): void {
    const end = this.time + ms;
    for (let fired = 0; ; fired++) {
      // A timer that keeps setting itself for no time at all would hang the page: fail instead.
      if (fired > 10_000) throw new Error(`runaway timers, pending in ${this.pending.join(', ')} ms`);
      const [id, due] = [...this.timers].sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
      if (id === undefined || due!.at > end) break;
      this.timers.delete(id);
      this.time = due!.at;
      due!.callback();
    }
    this.time = end;
  }
}

/** Puts a fresh FakeClock (from `start`) in place of the countdowns' clock for each test; returns a getter for it. */
export const useFakeClock = (start = NOW) => {
  const real = { ...clock };
  let fake: FakeClock;
  beforeEach(() => {
    fake = new FakeClock(start);
    Object.assign(clock, { now: fake.now, setTimeout: fake.setTimeout, clearTimeout: fake.clearTimeout });
  });
  afterEach(() => Object.assign(clock, real));
  return () => fake;
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A visit on the server's clock, which runs `skew` ms ahead of the local one: joinable `opensIn` ms after the
 * local NOW (server time), starting 5 minutes after that, 30 minutes long.
 */
export const visitAt = (opensIn: number, skew = 0): VisitInfo => {
  const opens = NOW + skew + opensIn;
  return {
    appointment: 'appt-1',
    roomId: 'room-1',
    provider: 'sandbox',
    status: 'scheduled',
    startsAt: iso(opens + 5 * MINUTE),
    endsAt: iso(opens + 35 * MINUTE),
    joinAvailableFrom: iso(opens),
    serverTime: iso(NOW + skew),
  };
};

export const VISITS = `${SERVER}/v1/visits/:appointment`;

/** Requests the visits mock saw in the current test. */
export const visitRequests: { appointment: string; authorization: string | null }[] = [];
beforeEach(() => (visitRequests.length = 0));

/** Answers `GET /v1/visits/…` with `respond()` (a VisitInfo, or a Response) and records each request. */
export const serveVisit = (respond: () => VisitInfo | Response) =>
  worker.use(
    http.get(VISITS, ({ request, params }) => {
      visitRequests.push({
        appointment: String(params.appointment),
        authorization: request.headers.get('authorization'),
      });
      const answer = respond();
      return answer instanceof Response ? answer : HttpResponse.json(answer);
    }),
  );

/** A button for appointment `appt-1` with tickets from `/ticket`, as a portal page sets it up. */
export const windowButton = (target?: string) =>
  fixture<CallJoinButton>(
    html`<call-join-button
      server=${SERVER}
      appointment="appt-1"
      ticket-url="/ticket"
      target=${ifDefined(target)}
    ></call-join-button>`,
  );

export const windowPart = (el: CallJoinButton) => part(el, '[part~="window"]');
/** What the window shows (the countdown screen readers do not get included). */
export const shownText = (el: CallJoinButton) =>
  windowPart(el)?.querySelector('[aria-hidden="true"]')?.textContent?.trim();
/** The live region's text: what screen readers are told. */
export const heardText = (el: CallJoinButton) =>
  windowPart(el)?.querySelector('[role="status"]')?.textContent?.trim();

/** Waits until the visit window, or the failure to get it, has rendered. */
export const windowSettled = async (el: CallJoinButton) => {
  await until(() => windowPart(el) ?? part(el, '[role="alert"]'), 'no visit window and no error');
  await el.updateComplete;
};

/** Waits until the visit was asked for and its answer has had time to arrive (for answers that show nothing). */
export const visitAnswered = async (el: CallJoinButton) => {
  await until(() => visitRequests.length > 0, 'the visit was never asked for');
  await aTimeout(100);
  await el.updateComplete;
};
