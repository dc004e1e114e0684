import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { JOIN, JOINED, seen, useMockServer, worker } from './mock-server.js';
import {
  button,
  clickAndSettle,
  joinButton,
  label,
  settled,
  statusText,
} from './call-join-button.helpers.js';
import { SERVER, part, record } from './support.js';

useMockServer();

describe('<call-join-button>', () => {
  it('renders an accessible idle button with the default label', async () => {
    const el = await joinButton();
    expect(button(el).type).to.equal('button');
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(label(el)).to.equal('Join video visit');
    expect(statusText(el)).to.equal('');
    expect(part(el, '[role="alert"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('takes its label from the slot', async () => {
    const el = await fixture<CallJoinButton>(html`<call-join-button>Start my visit</call-join-button>`);
    const slot = part<HTMLSlotElement>(el, 'slot')!;
    expect(slot.assignedNodes()[0]!.textContent).to.equal('Start my visit');
    expect(label(el)).to.equal('Start my visit');
    await expect(el).to.be.accessible();
  });

  it('keeps its default label when the page leaves only whitespace between the tags', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} appointment="A-1"> </call-join-button>`,
    );
    expect(el.childNodes.length).to.be.greaterThan(0);
    expect(label(el)).to.equal('Join video visit');
    await expect(el).to.be.accessible();

    // A label the page adds later replaces the default one; taking it away brings the default back.
    const span = document.createElement('span');
    span.textContent = 'Start my visit';
    el.append(span);
    await oneEvent(part(el, 'slot')!, 'slotchange');
    await el.updateComplete;
    expect(label(el)).to.equal('Start my visit');
    span.remove();
    await oneEvent(part(el, 'slot')!, 'slotchange');
    await el.updateComplete;
    expect(label(el)).to.equal('Join video visit');
  });

  it('goes idle -> loading -> ready, then opens a new window and offers a fallback link', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    worker.use(http.post(JOIN, () => gate.then(() => HttpResponse.json(JOINED))));
    const el = await joinButton();

    const ready = oneEvent(el, 'vc-join-ready');
    button(el).click();
    await el.updateComplete;
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    expect(statusText(el)).to.equal('Connecting to your video visit…');
    await expect(el).to.be.accessible();

    release();
    expect((await ready).detail).to.deep.equal({
      url: JOINED.url,
      expiresAt: JOINED.expiresAt,
      provider: 'sandbox',
    });
    await settled(el);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(statusText(el)).to.equal('Your video visit has opened in a new window.');
    expect(seen.opened).to.deep.equal([[JOINED.url, '_blank', 'noopener,noreferrer']]);
    const link = part<HTMLAnchorElement>(el, '[part~="link"]')!;
    expect(link.href).to.equal(JOINED.url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    await expect(el).to.be.accessible();
  });

  it('POSTs the join with the ticket as bearer token, no cookies, no caching', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button
        server="${SERVER}/"
        room="room-7"
        join-role="clinician"
        .ticket=${'ticket-1'}
      ></call-join-button>`,
    );
    await clickAndSettle(el);
    expect(seen.joins).to.deep.equal([
      {
        authorization: 'Bearer ticket-1',
        body: { room: 'room-7', role: 'clinician' },
        credentials: 'omit',
        cache: 'no-store',
      },
    ]);
  });

  it('fires a cancelable vc-join-request with what it is about to join', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button
        server=${SERVER}
        appointment="appt-1"
        join-role="patient"
        .ticket=${'t'}
      ></call-join-button>`,
    );
    const requests = record(el, 'vc-join-request');
    // Canceled here so that no request runs on into the next test.
    el.addEventListener('vc-join-request', (e) => e.preventDefault());
    button(el).click();
    expect(requests).to.have.length(1);
    const event = requests[0]!;
    expect(event.detail).to.deep.equal({ appointment: 'appt-1', role: 'patient' });
    expect(event.cancelable).to.equal(true);
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('stops when the page cancels vc-join-request: no fetch, still idle', async () => {
    const el = await joinButton();
    el.addEventListener('vc-join-request', (event) => event.preventDefault());
    button(el).click();
    await aTimeout(100);
    await el.updateComplete;
    expect(seen.joins).to.have.length(0);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(statusText(el)).to.equal('');
  });

  it('ignores clicks while loading and while disabled', async () => {
    const el = await joinButton();
    const requests = record(el, 'vc-join-request');
    const ready = oneEvent(el, 'vc-join-ready');
    button(el).click();
    await el.updateComplete;
    button(el).click();
    await ready;
    expect(seen.joins).to.have.length(1);

    el.disabled = true;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(button(el).disabled).to.equal(true);
    button(el).click();
    await aTimeout(50);
    expect(requests).to.have.length(1);
    expect(seen.joins).to.have.length(1);
  });

  it('fires no event when the page sets properties', async () => {
    const el = await joinButton();
    const events = (['vc-join-request', 'vc-join-ready', 'vc-error'] as const).map((type) =>
      record(el, type),
    );
    Object.assign(el, {
      server: 'not a url',
      appointment: undefined,
      room: 'r',
      ticket: 'x',
      target: 'nowhere',
    });
    el.disabled = true;
    await el.updateComplete;
    await aTimeout(50);
    expect(events.flat()).to.have.length(0);
  });

  it('never writes the ticket or the join URL to the console', async () => {
    const logged: unknown[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((name) => console[name]);
    for (const name of methods) console[name] = (...args: unknown[]) => void logged.push(...args);
    try {
      await clickAndSettle(await joinButton());
      worker.use(http.post(JOIN, () => HttpResponse.json({ url: JOINED.url })));
      await clickAndSettle(await joinButton());
    } finally {
      methods.forEach((name, i) => (console[name] = originals[i]!));
    }
    const text = logged
      .map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg)))
      .join('\n');
    expect(text).to.not.contain('ticket-1');
    expect(text).to.not.contain(JOINED.url);
  });

  it('fits a 320 px wide screen with large touch targets, in every state', async () => {
    worker.use(http.post(JOIN, () => HttpResponse.error()));
    const wrapper = await fixture<HTMLElement>(
      html`<div style="inline-size: 320px">
        <call-join-button server=${SERVER} appointment="a" .ticket=${'t'}
          >Join the video visit with your doctor now</call-join-button
        >
      </div>`,
    );
    const el = wrapper.querySelector('call-join-button')!;
    await clickAndSettle(el);
    const base = part(el, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(320);
    for (const selector of ['[part~="button"]', '[part~="retry"]']) {
      const { width, height } = part(el, selector)!.getBoundingClientRect();
      expect(Math.min(width, height), selector).to.be.at.least(44);
      expect(width, selector).to.be.at.most(320);
    }
  });

  it('keeps a long German word whole on a 360 px phone (the demo page leaves it 261 px)', async () => {
    // The demo's type: 18 px root, so the button's 1.125rem is 20.25 px.
    const wrapper = await fixture<HTMLElement>(
      html`<div
        lang="de"
        style="inline-size: 261px; font: 18px/1.5 system-ui, sans-serif; --vc-font-size: 20.25px"
      >
        <call-join-button>Videosprechstunde beitreten</call-join-button>
      </div>`,
    );
    const text = wrapper.querySelector('call-join-button')!.firstChild!;
    const word = document.createRange();
    word.setStart(text, 0);
    word.setEnd(text, 'Videosprechstunde'.length);
    expect(word.getClientRects().length, 'the word is not broken across lines').to.equal(1);
  });

  it('shows a focus ring on the button', async () => {
    const el = await joinButton();
    button(el).focus();
    const style = getComputedStyle(button(el));
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });

  // With `room`, not `appointment`: an appointment with a ticket-url also fetches its visit window, with a ticket
  // of its own (call-join-button.window.test.ts), and these count the join's tickets alone.
  describe('tickets', () => {
    it('fetches the ticket from ticket-url (text/plain) when no ticket property is set', async () => {
      const el = await fixture<CallJoinButton>(
        html`<call-join-button server=${SERVER} room="room-1" ticket-url="/ticket"></call-join-button>`,
      );
      await clickAndSettle(el);
      expect(seen.ticketFetches).to.equal(1);
      expect(seen.joins[0]!.authorization).to.equal('Bearer ticket-from-url');
    });

    it('accepts a JSON {ticket} body from ticket-url', async () => {
      worker.use(http.get('/ticket', () => HttpResponse.json({ ticket: 'ticket-from-json' })));
      const el = await fixture<CallJoinButton>(
        html`<call-join-button server=${SERVER} room="room-1" ticket-url="/ticket"></call-join-button>`,
      );
      await clickAndSettle(el);
      expect(seen.joins[0]!.authorization).to.equal('Bearer ticket-from-json');
    });

    it('prefers the ticket property over ticket-url', async () => {
      const el = await fixture<CallJoinButton>(
        html`<call-join-button
          server=${SERVER}
          room="room-1"
          ticket-url="/ticket"
          .ticket=${'ticket-1'}
        ></call-join-button>`,
      );
      await clickAndSettle(el);
      expect(seen.ticketFetches).to.equal(0);
      expect(seen.joins[0]!.authorization).to.equal('Bearer ticket-1');
    });

    it('never reflects the ticket into an attribute', async () => {
      const el = await joinButton();
      expect(el.getAttributeNames()).to.not.include('ticket');
    });
  });
});
