import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { JOIN, JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import {
  alertText,
  button,
  clickAndSettle,
  joinButton,
  settled,
  statusText,
} from './call-join-button.helpers.js';
import { SERVER, part, record } from './support.js';

useMockServer();

const MESSAGES = {
  identity: 'We could not confirm that it is you. Please reload the page and try again.',
  notFound: 'We could not find this visit. Please check your appointment or contact your care team.',
  notYours: 'This visit is not available to you. Please contact your care team.',
  ours: 'Something went wrong on our side. Please try again in a moment.',
  network: 'We could not connect. Please check your internet connection and try again.',
  setup: 'The video visit cannot be started from this page. Please contact your care team.',
};

/**
 * Expects `event` to be vc-error `code` and the element to show `message` in an alert, with a retry button where
 * trying again can help (`retry`), and without one where it cannot.
 */
const expectFailure = async (
  el: CallJoinButton,
  event: Event,
  code: string,
  message: string,
  retry = true,
) => {
  expect(event.type).to.equal('vc-error');
  expect((event as CustomEvent).detail).to.deep.equal({ code, message });
  expect(alertText(el)).to.equal(message);
  expect(part(el, '[role="alert"] [part~="retry"]')?.textContent, 'Try again').to.equal(
    retry ? 'Try again' : undefined,
  );
  expect(button(el).hasAttribute('aria-disabled'), 'Join can be pressed again').to.equal(false);
  expect(part(el, '[part~="link"]')).to.equal(null);
  expect(seen.opened).to.have.length(0);
  await expect(el).to.be.accessible();
};

describe('<call-join-button> failures', () => {
  // The last field: whether "Try again" can help. A ticket the page must renew, a wrong visit, a page set up wrongly:
  // pressing again changes nothing, so no button says it might.
  const serverCases: [string, () => Response, string, string, boolean?][] = [
    ['a 401 problem', () => problem(401, 'ticket-expired'), 'ticket-expired', MESSAGES.identity, false],
    ['a 404 not-found problem', () => problem(404, 'not-found'), 'not-found', MESSAGES.notFound, false],
    ['a 403 problem', () => problem(403, 'forbidden-scope'), 'forbidden-scope', MESSAGES.notYours, false],
    ['a 500 problem', () => problem(500, 'internal'), 'internal', MESSAGES.ours],
    [
      'a 502 HTML page from a proxy',
      () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502 }),
      'bad-response',
      MESSAGES.ours,
    ],
    ['a network error', () => HttpResponse.error(), 'network-error', MESSAGES.network],
    [
      'a success without the join fields',
      () => HttpResponse.json({ url: JOINED.url }),
      'bad-response',
      MESSAGES.ours,
    ],
    ['a success that is not JSON', () => HttpResponse.text('ok'), 'bad-response', MESSAGES.ours],
    [
      'a problem with a code this version does not know',
      () => problem(418, 'brand-new-code'),
      'brand-new-code',
      'Something went wrong. Please try again.',
    ],
  ];
  for (const [what, respond, code, message, retry] of serverCases) {
    it(`shows ${what} as vc-error ${code} with a calm message${retry === false ? ', no Try again' : ''}`, async () => {
      worker.use(http.post(JOIN, respond));
      const el = await joinButton();
      await expectFailure(el, await clickAndSettle(el), code, message, retry);
    });
  }

  // The ticket-url cases join a `room`: with an appointment the visit window would fetch (and fail) first.
  it('refuses a cross-origin ticket-url without fetching anything', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button
        server=${SERVER}
        room="room-1"
        ticket-url="https://portal.example.test/ticket"
      ></call-join-button>`,
    );
    await expectFailure(el, await clickAndSettle(el), 'ticket-unavailable', MESSAGES.identity, false);
    expect(seen.joins).to.have.length(0);
  });

  for (const [what, respond] of [
    ['fails', () => new HttpResponse('no session', { status: 401 })],
    ['answers HTML', () => HttpResponse.html('<p>Please log in</p>')],
    ['answers JSON without a ticket', () => HttpResponse.json({ token: 'x' })],
  ] as const) {
    it(`reports ticket-unavailable when the ticket-url ${what}`, async () => {
      worker.use(http.get('/ticket', respond));
      const el = await fixture<CallJoinButton>(
        html`<call-join-button server=${SERVER} room="room-1" ticket-url="/ticket"></call-join-button>`,
      );
      await expectFailure(el, await clickAndSettle(el), 'ticket-unavailable', MESSAGES.identity, false);
      expect(seen.joins).to.have.length(0);
    });
  }

  it('reports ticket-missing without a ticket or ticket-url, and sends nothing', async () => {
    const el = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} appointment="a"></call-join-button>`,
    );
    await expectFailure(el, await clickAndSettle(el), 'ticket-missing', MESSAGES.identity, false);
    expect(seen.joins).to.have.length(0);
  });

  for (const [what, server, extra] of [
    ['a plain-http server', 'http://consult.example.test', { appointment: 'a' }],
    ['no server', '', { appointment: 'a' }],
    ['both appointment and room', SERVER, { appointment: 'a', room: 'r' }],
    ['neither appointment nor room', SERVER, {}],
  ] as const) {
    it(`reports bad-request for ${what}, and sends nothing`, async () => {
      const el = await fixture<CallJoinButton>(html`<call-join-button .ticket=${'t'}></call-join-button>`);
      Object.assign(el, { server, ...extra });
      await expectFailure(el, await clickAndSettle(el), 'bad-request', MESSAGES.setup, false);
      expect(seen.joins).to.have.length(0);
    });
  }

  it('says once that the visit has ended when the join answers room-ended: no Try again, Join stays shut', async () => {
    let joins = 0;
    worker.use(http.post(JOIN, () => (joins++, problem(409, 'room-ended'))));
    const el = await joinButton();
    const errors = record(el, 'vc-error');
    const requests = record(el, 'vc-join-request');
    const event = await clickAndSettle(el);
    expect((event as CustomEvent).detail.code).to.equal('room-ended');
    expect(statusText(el)).to.equal('The visit has ended. You can close this page.');
    expect(part(el, '[part~="retry"]') === null, 'Try again cannot help').to.equal(true);
    expect(part(el, '[role="alert"]') === null).to.equal(true);
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    button(el).click();
    await settled(el);
    expect(requests, 'a press after the end asks nothing').to.have.length(1);
    expect(joins).to.equal(1);
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('reports a bogus server once, when Join is pressed, and spends no ticket before that', async () => {
    const errors = record(document, 'vc-error');
    const el = await fixture<CallJoinButton>(
      html`<call-join-button
        server="consult.example.test"
        appointment="a"
        ticket-url="/ticket"
      ></call-join-button>`,
    );
    await clickAndSettle(el);
    // Proving that no second one comes needs a moment for it to come in (as `visitAnswered` does).
    await aTimeout(100);
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['bad-request']);
    expect(alertText(el)).to.equal(MESSAGES.setup);
    expect(seen.ticketFetches, "the join's ticket only").to.equal(1);
    expect(seen.joins).to.have.length(0);
  });

  it('tries again from the retry button, keeping keyboard focus on the main button', async () => {
    worker.use(http.post(JOIN, () => HttpResponse.error(), { once: true }));
    const el = await joinButton();
    await clickAndSettle(el);
    const ready = oneEvent(el, 'vc-join-ready');
    part<HTMLButtonElement>(el, '[part~="retry"]')!.click();
    await ready;
    await settled(el);
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(part(el, '[role="alert"]')).to.equal(null);
    expect(seen.joins).to.have.length(1, "the retry's request");
  });

  it('goes back to idle without an error when it leaves the page mid-request', async () => {
    let release!: () => void;
    worker.use(
      http.post(
        JOIN,
        () => new Promise<Response>((resolve) => (release = () => resolve(HttpResponse.json(JOINED)))),
      ),
    );
    const el = await joinButton();
    const errors: Event[] = [];
    el.addEventListener('vc-error', (e) => errors.push(e));
    const parent = el.parentElement!;
    button(el).click();
    await el.updateComplete;
    el.remove();
    await settled(el);
    release?.();
    parent.append(el);
    await settled(el);
    expect(errors).to.have.length(0);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(seen.opened).to.have.length(0);
  });
});
