import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { JOIN, JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import type { VisitInfo } from '../../src/protocol/visits.js';
import { alertText, button, clickAndSettle, statusText } from './call-join-button.helpers.js';
import {
  MINUTE,
  NOW,
  heardText,
  serveVisit,
  shownText,
  useFakeClock,
  visitAnswered,
  visitAt,
  visitRequests,
  VISITS,
  windowButton,
  windowPart,
  windowSettled,
} from './call-join-button.window-helpers.js';
import { SERVER, part, record, until } from './support.js';

useMockServer();
const fakeClock = useFakeClock();

const ENDED = 'This visit has already ended.';
const OPEN = 'You can join now.';

/** `iso` as the patient reads it: their locale and time zone, the time alone unless `withDate`. */
const timeOf = (iso: string, locale = 'en', withDate = false) =>
  new Intl.DateTimeFormat(locale, {
    ...(withDate && { weekday: 'long', month: 'long', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));

/** Moves the fake clock on and lets the element render what its timers asked for. */
const tick = async (el: CallJoinButton, ms: number) => {
  fakeClock().tick(ms);
  await el.updateComplete;
};

/** A scheduled button, opening in `opensIn` ms on a server clock `skew` ms ahead, with its window rendered. */
const scheduled = async (opensIn = 12 * MINUTE, skew = 0) => {
  const visit = visitAt(opensIn, skew);
  serveVisit(() => visit);
  const el = await windowButton();
  await windowSettled(el);
  return { el, visit };
};

const shut = (el: CallJoinButton) => button(el).getAttribute('aria-disabled') === 'true';
const focused = (el: CallJoinButton) => el.shadowRoot!.activeElement === button(el);

// Assertions compare text and booleans, not elements: wtr hangs for two minutes serialising a failed
// `expect(element)` instead of reporting it.

describe('<call-join-button> visit window', () => {
  it('asks for the visit with its own fresh ticket from ticket-url', async () => {
    await scheduled();
    expect(visitRequests).to.deep.equal([{ appointment: 'appt-1', authorization: 'Bearer ticket-from-url' }]);
    expect(seen.ticketFetches).to.equal(1);
  });

  it('counts down in minutes, then seconds, opens, and ends, accessible throughout', async () => {
    const { el, visit } = await scheduled();
    expect(windowPart(el)!.textContent).to.contain(`Your visit starts at ${timeOf(visit.startsAt)}.`);
    expect(shownText(el)).to.equal('Opens in 12 min');
    expect(heardText(el)).to.equal('Opens in 12 min');
    expect(shut(el)).to.equal(true);
    expect(button(el).disabled, 'natively disabled buttons cannot be reached').to.equal(false);
    expect(button(el).getAttribute('aria-describedby')).to.equal(windowPart(el)!.id);
    expect(statusText(el)).to.equal('');
    expect(fakeClock().pending).to.have.length(1);
    expect(fakeClock().pending[0]).to.be.within(1001, 15_000);
    await expect(el).to.be.accessible();

    await tick(el, MINUTE);
    expect(shownText(el)).to.equal('Opens in 11 min');
    expect(heardText(el)).to.equal('Opens in 11 min');

    await tick(el, 10 * MINUTE);
    expect(shownText(el)).to.equal('Opens in 1 min');
    expect(fakeClock().pending).to.deep.equal([1000]);

    await tick(el, 15_000);
    expect(shownText(el)).to.equal('Opens in 45 s');
    expect(heardText(el), 'the live region keeps the minute').to.equal('Opens within a minute');
    expect(shut(el)).to.equal(true);
    await expect(el).to.be.accessible();

    await tick(el, 45_000);
    expect(shownText(el)).to.equal(OPEN);
    expect(heardText(el)).to.equal(OPEN);
    expect(button(el).hasAttribute('aria-disabled')).to.equal(false);
    await expect(el).to.be.accessible();

    await tick(el, 35 * MINUTE);
    expect(windowPart(el)!.textContent!.trim()).to.equal(ENDED);
    expect(heardText(el), 'the end is not announced').to.equal(undefined);
    expect(shut(el)).to.equal(true);
    expect(fakeClock().pending, 'nothing left to count towards').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('tells screen readers each minute and the opening, never each second', async () => {
    const { el } = await scheduled(3 * MINUTE);
    const live = windowPart(el)!.querySelector('[role="status"]')!;
    const heard: string[] = [];
    const observer = new MutationObserver(() => heard.push(live.textContent!));
    observer.observe(live, { subtree: true, childList: true, characterData: true });
    const shown = new Set<string>();
    for (let second = 0; second < 3 * 60; second++) {
      await tick(el, 1000);
      await aTimeout(0); // MutationObserver callbacks run after the microtasks of the render
      shown.add(shownText(el)!);
    }
    observer.disconnect();
    expect(shown.size, 'the visible countdown does tick').to.be.greaterThan(60);
    expect(heard).to.deep.equal(['Opens in 2 min', 'Opens within a minute', OPEN]);
  });

  it("counts on the server's clock when this one is ahead or behind", async () => {
    // The server is 10 minutes ahead: the local clock alone would say 22 minutes.
    const ahead = await scheduled(12 * MINUTE, 10 * MINUTE);
    expect(shownText(ahead.el)).to.equal('Opens in 12 min');
    ahead.el.remove();

    // The server is 20 minutes behind: by the local clock alone the visit would be open already.
    const behind = await scheduled(5 * MINUTE, -20 * MINUTE);
    expect(shownText(behind.el)).to.equal('Opens in 5 min');
    expect(shut(behind.el)).to.equal(true);
    await tick(behind.el, 5 * MINUTE);
    expect(shownText(behind.el)).to.equal(OPEN);
  });

  it('sends nothing on a click before the window opens, and joins once it has', async () => {
    const { el } = await scheduled(MINUTE);
    const requests = record(el, 'vc-join-request');
    button(el).focus();
    expect(focused(el), 'still reachable by keyboard').to.equal(true);
    button(el).click();
    await aTimeout(50);
    expect(requests).to.have.length(0);
    expect(seen.joins).to.have.length(0);

    await tick(el, MINUTE);
    const ready = await clickAndSettle(el);
    expect(ready.type).to.equal('vc-join-ready');
    expect(requests).to.have.length(1);
    expect(seen.joins).to.have.length(1);
  });

  describe('a press before the window is known', () => {
    /** The visit answers `visit` only when released; `log` says in which order the visit and the join answered. */
    const gatedVisit = (visit: VisitInfo) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const log: string[] = [];
      worker.use(
        http.get(VISITS, async () => {
          await gate;
          log.push('visit');
          return HttpResponse.json(visit);
        }),
        http.post(JOIN, () => {
          log.push('join');
          // What the server says to a join before the window opens.
          return visit.status === 'open' ? HttpResponse.json(JOINED) : problem(425, 'visit-not-open');
        }),
      );
      return { release, log };
    };

    it('waits for the window instead of asking too early: no 425, no error', async () => {
      const { release, log } = gatedVisit(visitAt(5 * MINUTE));
      const errors = record(document, 'vc-error');
      const el = await windowButton();
      button(el).click();
      await el.updateComplete;
      expect(button(el).getAttribute('aria-busy')).to.equal('true');
      expect(statusText(el)).to.equal('Connecting to your video visit…');
      // Time for a join that should not be sent to arrive (as `visitAnswered` does).
      await aTimeout(50);
      release();
      await windowSettled(el);
      expect(shownText(el)).to.equal('Opens in 5 min');
      expect(shut(el)).to.equal(true);
      expect(statusText(el)).to.equal('');
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
      expect(log).to.deep.equal(['visit']);
      expect(errors).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('joins once the window is known to be open', async () => {
      const { release, log } = gatedVisit({ ...visitAt(-MINUTE), status: 'open' });
      const el = await windowButton();
      const ready = oneEvent(el, 'vc-join-ready');
      button(el).click();
      await aTimeout(50);
      release();
      await ready;
      expect(log).to.deep.equal(['visit', 'join']);
    });
  });

  it('shows a visit the server reports cancelled as over', async () => {
    serveVisit(() => ({ ...visitAt(-MINUTE), status: 'cancelled' }));
    const el = await windowButton();
    await windowSettled(el);
    expect(windowPart(el)!.textContent!.trim()).to.equal(ENDED);
    expect(shut(el)).to.equal(true);
    expect(fakeClock().pending).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('stops its timer when it leaves the page and starts again when it comes back', async () => {
    const { el } = await scheduled();
    const parent = el.parentElement!;
    expect(fakeClock().pending).to.have.length(1);
    el.remove();
    expect(fakeClock().pending).to.deep.equal([]);
    fakeClock().tick(2 * MINUTE);
    parent.append(el);
    await el.updateComplete;
    expect(fakeClock().pending).to.have.length(1);
    expect(shownText(el)).to.equal('Opens in 10 min');
  });

  it("shows the start in the patient's locale, with the day when it is not today", async () => {
    const { el, visit } = await scheduled(26 * 60 * MINUTE);
    expect(windowPart(el)!.textContent).to.contain(
      `Your visit starts on ${timeOf(visit.startsAt, 'en', true)}.`,
    );
    expect(shownText(el)).to.equal(`Opens on ${timeOf(visit.joinAvailableFrom, 'en', true)}`);
    el.remove();

    /** A button in a German part of the page for `visit`, once its window shows. */
    const germanButton = async (visit: VisitInfo) => {
      serveVisit(() => visit);
      const box = await fixture<HTMLElement>(
        html`<div lang="de">
          <call-join-button server=${SERVER} appointment="appt-1" ticket-url="/ticket"></call-join-button>
        </div>`,
      );
      const button = box.querySelector('call-join-button')!;
      await until(() => windowPart(button)?.textContent?.includes('Ihr Termin beginnt'), 'no German window');
      return button;
    };
    const visitDe = visitAt(2 * 60 * MINUTE + 30 * MINUTE); // starts 14:35 UTC: "2:35 PM" in English
    const elDe = await germanButton(visitDe);
    expect(windowPart(elDe)!.textContent).to.contain(
      `Ihr Termin beginnt um ${timeOf(visitDe.startsAt, 'de')}.`,
    );
    expect(windowPart(elDe)!.textContent).to.not.contain(timeOf(visitDe.startsAt, 'en'));
    // Another day: "am Dienstag, …", not "um Dienstag, …".
    const laterDe = visitAt(26 * 60 * MINUTE);
    const laterEl = await germanButton(laterDe);
    expect(windowPart(laterEl)!.textContent).to.contain(
      `Ihr Termin beginnt am ${timeOf(laterDe.startsAt, 'de', true)}.`,
    );
    expect(shownText(laterEl)).to.equal(`Öffnet am ${timeOf(laterDe.joinAvailableFrom, 'de', true)}`);
    // Back to English for the tests after this one (one locale per page).
    await fixture(html`<call-join-button lang="en"></call-join-button>`);
  });

  it('says the opening time once when the visit opens at its start', async () => {
    const later = visitAt(26 * 60 * MINUTE);
    const visit = { ...later, startsAt: later.joinAvailableFrom };
    serveVisit(() => visit);
    const el = await windowButton();
    await windowSettled(el);
    const at = timeOf(visit.startsAt, 'en', true);
    expect(windowPart(el)!.textContent).to.contain(`Your visit starts on ${at}.`);
    expect(shownText(el)).to.equal('You can join from then.');
    expect(heardText(el)).to.equal('You can join from then.');
    expect(windowPart(el)!.textContent!.split(at)).to.have.length(2);
    // Within the hour before, the count of minutes says more than a repeated time.
    await tick(el, 25 * 60 * MINUTE + 30 * MINUTE);
    expect(shownText(el)).to.equal('Opens in 30 min');
    await expect(el).to.be.accessible();
  });

  for (const code of ['room-not-found', 'not-found']) {
    it(`joins as before, without a window, when the visit answers ${code}`, async () => {
      serveVisit(() => problem(404, code));
      const errors = record(document, 'vc-error');
      const el = await windowButton();
      await visitAnswered(el);
      expect(windowPart(el)?.outerHTML).to.equal(undefined);
      expect(alertText(el)).to.equal(undefined);
      expect(button(el).hasAttribute('aria-describedby')).to.equal(false);
      expect(shut(el)).to.equal(false);
      const ready = await clickAndSettle(el);
      expect(ready.type).to.equal('vc-join-ready');
      expect(errors).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  }

  const failures: [string, () => Response, string, string][] = [
    [
      'a 500 problem',
      () => problem(500, 'internal'),
      'internal',
      'Something went wrong on our side. Please try again in a moment.',
    ],
    [
      'a network error',
      () => HttpResponse.error(),
      'network-error',
      'We could not connect. Please check your internet connection and try again.',
    ],
    [
      'an answer without the window',
      () => HttpResponse.json({ status: 'open' }),
      'bad-response',
      'Something went wrong on our side. Please try again in a moment.',
    ],
  ];
  for (const [what, respond, code, message] of failures) {
    it(`shows ${what} as vc-error ${code}, and its retry asks again`, async () => {
      serveVisit(respond);
      const el = await windowButton();
      const event = await oneEvent(el, 'vc-error');
      await windowSettled(el);
      expect(event.detail).to.deep.equal({ code, message });
      expect(alertText(el)).to.equal(message);
      expect(windowPart(el)?.outerHTML).to.equal(undefined);
      expect(shut(el), 'the server still guards the window').to.equal(false);
      await expect(el).to.be.accessible();

      serveVisit(() => visitAt(12 * MINUTE));
      part<HTMLButtonElement>(el, '[part~="retry"]')!.click();
      await until(() => windowPart(el), 'no window after the retry');
      await el.updateComplete;
      expect(alertText(el)).to.equal(undefined);
      expect(shownText(el)).to.equal('Opens in 12 min');
      expect(focused(el), 'focus stays on the main button').to.equal(true);
      expect(seen.joins, 'the retry asked for the visit, not for a join').to.have.length(0);
    });
  }

  it('asks for the window again when the join answers visit-not-open', async () => {
    const visits = [{ ...visitAt(-MINUTE), status: 'open' as const }, visitAt(5 * MINUTE)];
    serveVisit(() => visits[Math.min(visitRequests.length - 1, 1)]!);
    worker.use(http.post(JOIN, () => problem(425, 'visit-not-open')));
    const el = await windowButton();
    await windowSettled(el);
    expect(shownText(el)).to.equal(OPEN);
    const event = await clickAndSettle(el);
    expect((event as CustomEvent).detail.code).to.equal('visit-not-open');
    await until(() => shownText(el) === 'Opens in 5 min', 'the window was not asked for again');
    expect(visitRequests).to.have.length(2);
    expect(shut(el)).to.equal(true);
  });

  it('asks for no window with a ticket property alone, which it keeps for the join', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} appointment="appt-1" .ticket=${'ticket-1'}></call-join-button>`,
    );
    await aTimeout(100);
    expect(visitRequests).to.have.length(0);
    await clickAndSettle(el);
    expect(seen.joins[0]!.authorization).to.equal('Bearer ticket-1');
  });

  it("shows the window with an appointment's capability token, which it sends again for the join", async () => {
    // The picker's confirmation gives its button the booked appointment's capability token (vca_…): unlike a
    // consult ticket it may be sent more than once, so the patient sees when the visit opens instead of a live
    // button that answers "not open yet".
    const token = 'vca_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const visit = visitAt(3 * MINUTE);
    serveVisit(() => visit);
    const el = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} appointment="appt-1" .ticket=${token}></call-join-button>`,
    );
    await windowSettled(el);
    expect(visitRequests).to.deep.equal([{ appointment: 'appt-1', authorization: `Bearer ${token}` }]);
    expect(seen.ticketFetches).to.equal(0);
    expect(shownText(el)).to.equal('Opens in 3 min');
    expect(shut(el)).to.equal(true);
    await expect(el).to.be.accessible();

    await tick(el, 3 * MINUTE);
    expect(shut(el)).to.equal(false);
    await clickAndSettle(el);
    expect(seen.joins.map((join) => join.authorization)).to.deep.equal([`Bearer ${token}`]);
  });

  it('counts from the local clock that started the test', () => {
    expect(fakeClock().now()).to.equal(NOW);
  });
});
