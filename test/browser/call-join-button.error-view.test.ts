import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { http } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { JOIN, problem, useMockServer, worker } from './mock-server.js';
import { alertText, button, clickAndSettle } from './call-join-button.helpers.js';
import {
  MINUTE,
  serveVisit,
  shownText,
  useFakeClock,
  visitAt,
  windowPart,
  windowSettled,
} from './call-join-button.window-helpers.js';
import { part, SERVER } from './support.js';

useMockServer();
useFakeClock();

/**
 * A patient's page on a phone, laid out as the demo's (demo/index.html): 18 px root font, the main grid's 1.5rem
 * padding, a card with 1rem 1.25rem padding, its heading and an introduction above the button, the room below it.
 * The page above the card fills most of the first screen, as the demo's header and notes do, so the button sits
 * near the bottom of the first screen and its message would land below the fold.
 */
const hostPage = async () => {
  serveVisit(() => ({ ...visitAt(-MINUTE), status: 'open' }));
  const page = await fixture<HTMLElement>(html`
    <main style="font-size: 18px; display: grid; gap: 1.5rem; padding: 1.5rem">
      <header style="block-size: calc(100vh - 17rem)"><h1>St. Example Hospital</h1></header>
      <section style="background: #fff; border-radius: 12px; padding: 1rem 1.25rem">
        <h2>Your appointment with Dr. Demo</h2>
        <call-join-button
          server=${SERVER}
          appointment="appt-1"
          ticket-url="/ticket"
          target="visit"
        ></call-join-button>
        <div id="visit" style="display: block; margin-top: 1rem; min-height: 16rem"></div>
      </section>
    </main>
  `);
  const el = page.querySelector<CallJoinButton>('call-join-button')!;
  await windowSettled(el);
  return el;
};

/** Whether `element` lies wholly inside the viewport. */
const onScreen = (element: Element) => {
  const { top, bottom } = element.getBoundingClientRect();
  return top >= 0 && bottom <= window.innerHeight;
};

describe('<call-join-button> errors on a phone', () => {
  before(() => setViewport({ width: 360, height: 740 }));
  after(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => window.scrollTo(0, 0));

  it('replaces "You can join now." with the error, and brings the error and "Try again" into view', async () => {
    worker.use(http.post(JOIN, () => problem(503, 'vendor-unavailable')));
    const el = await hostPage();
    expect(shownText(el)).to.equal('You can join now.');
    expect(
      onScreen(button(el)),
      `button at ${JSON.stringify(button(el).getBoundingClientRect())} ${window.innerHeight}`,
    ).to.equal(true);
    button(el).focus();
    await clickAndSettle(el);

    expect(alertText(el)).to.be.a('string').and.not.equal('');
    expect(windowPart(el)?.textContent, 'the error replaces "You can join now."').to.equal(undefined);
    const error = part(el, '[part~="error"]')!;
    const retry = part(el, '[part~="retry"]')!;
    expect(retry === null, 'trying again can help').to.equal(false);
    expect(onScreen(error), `error at ${error.getBoundingClientRect().top} px`).to.equal(true);
    expect(onScreen(retry), `"Try again" at ${retry.getBoundingClientRect().top} px`).to.equal(true);
    // The button can still be pressed: focus stays where the patient left it.
    expect(button(el).getAttribute('aria-disabled')).to.equal(null);
    expect(el.shadowRoot!.activeElement === button(el), 'focus on the button').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('brings each new error into view once, not again on every render', async () => {
    worker.use(http.post(JOIN, () => problem(503, 'vendor-unavailable')));
    const el = await hostPage();
    await clickAndSettle(el);
    expect(onScreen(part(el, '[part~="error"]')!)).to.equal(true);
    // The patient scrolls away to read the page; the element re-renders for its own reasons.
    window.scrollTo(0, 0);
    el.requestUpdate();
    await el.updateComplete;
    expect(window.scrollY).to.equal(0);
  });
});
