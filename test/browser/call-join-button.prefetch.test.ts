import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/components/call-join-button/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { PREFETCH_LIFETIME_MS } from '../../src/controllers/ticket-prefetch-controller.js';
import { seen, useMockServer, worker } from './mock-server.js';
import { button, clickAndSettle, settled } from './call-join-button.helpers.js';
import { useFakeClock } from './call-join-button.window-helpers.js';
import { SERVER, until } from './support.js';

useMockServer();
const fakeClock = useFakeClock();

/**
 * The ticket of a press is asked for when the press begins (issue 13): a fresh one per press, from `ticket-url`,
 * used by that press's join at most once, and dropped unused after `PREFETCH_LIFETIME_MS` (fake clock).
 */

/** `GET /ticket` answers `ticket-1`, `ticket-2`, …; `log` says what happened in which order. */
const numberedTickets = (log: string[]) => {
  let n = 0;
  worker.use(
    http.get('/ticket', () => {
      log.push(`ticket-${++n}`);
      return HttpResponse.text(`ticket-${n}`);
    }),
  );
};

/** A button for room `room-1` (no visit window to fetch) that takes its tickets from `/ticket`. */
const roomButton = () =>
  fixture<CallJoinButton>(
    html`<call-join-button
      server=${SERVER}
      room="room-1"
      join-role="patient"
      ticket-url="/ticket"
    ></call-join-button>`,
  );

const pointerDown = (el: CallJoinButton) =>
  button(el).dispatchEvent(
    new PointerEvent('pointerdown', { button: 0, isPrimary: true, bubbles: true, composed: true }),
  );

describe('<call-join-button> ticket at the start of a press', () => {
  it('asks for the ticket when the pointer goes down (not on hover or focus); the click joins with it, once', async () => {
    const log: string[] = [];
    numberedTickets(log);
    const el = await roomButton();
    await el.updateComplete;
    button(el).dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    button(el).focus();
    expect(log, 'hover and focus').to.deep.equal([]);
    pointerDown(el);
    await until(() => log.length === 1, 'the ticket of the press');
    log.push('click');
    const ready = oneEvent(el, 'vc-join-ready');
    button(el).click();
    await ready;
    expect(log).to.deep.equal(['ticket-1', 'click']);
    expect(seen.joins.map((j) => j.authorization)).to.deep.equal(['Bearer ticket-1']);
    // A press that did not begin here (a script's click) asks for its own: the first ticket is spent.
    await clickAndSettle(el);
    expect(seen.joins.map((j) => j.authorization)).to.deep.equal(['Bearer ticket-1', 'Bearer ticket-2']);
  });

  it('sends the join in the click\u2019s own task once the ticket is at hand (the press\u2019s, or the page\u2019s)', async () => {
    const log: string[] = [];
    numberedTickets(log);
    const el = await roomButton();
    await el.updateComplete;
    // When the page's code has the press's ticket: its body read (the rest of that chain settles in the same turn).
    let arrived = false;
    const text = Response.prototype.text;
    Response.prototype.text = async function (this: Response) {
      const body = await text.call(this);
      if (new URL(this.url).pathname === '/ticket') arrived = true;
      return body;
    };
    const sent: string[] = [];
    const original = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new URL(String(input), location.href).pathname);
      return original(input, init);
    };
    try {
      pointerDown(el);
      await until(() => arrived, 'the ticket of the press, read');
      sent.length = 0;
      let ready = oneEvent(el, 'vc-join-ready');
      button(el).click();
      expect(sent, 'requests made before click() returned').to.deep.equal(['/v1/join']);
      await ready;
      await settled(el);
      // A ticket the page holds goes out the same way.
      el.ticket = 'page-ticket';
      sent.length = 0;
      ready = oneEvent(el, 'vc-join-ready');
      button(el).click();
      expect(sent, 'with the page\u2019s ticket').to.deep.equal(['/v1/join']);
      await ready;
    } finally {
      Response.prototype.text = text;
      window.fetch = original;
    }
    expect(seen.joins.map((j) => j.authorization)).to.deep.equal(['Bearer ticket-1', 'Bearer page-ticket']);
  });

  it('drops a ticket no click took within its lifetime: the next press fetches a fresh one', async () => {
    const log: string[] = [];
    numberedTickets(log);
    const el = await roomButton();
    await el.updateComplete;
    pointerDown(el);
    await until(() => log.length === 1, 'the ticket of the press');
    fakeClock().tick(PREFETCH_LIFETIME_MS);
    await clickAndSettle(el);
    expect(seen.joins.map((j) => j.authorization)).to.deep.equal(['Bearer ticket-2']);
  });
});
