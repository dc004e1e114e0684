import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { JOIN, JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import { alertText, button, joinButton, settled, statusText } from './call-join-button.helpers.js';
import { useFakeClock } from './call-join-button.window-helpers.js';
import { SERVER, part, record, until } from './support.js';

useMockServer();
const fakeClock = useFakeClock();

const NOT_OPENED =
  'The clinic has not opened your visit yet. This page keeps trying, so please keep it open.';
const GAVE_UP = 'The clinic has not opened this visit yet. Please try again later.';
const WRONG_VISIT = 'We could not find this visit. Please check your appointment or contact your care team.';

/** The join answers room-not-found ("not opened yet", as the server does for a patient) `times` times, then joins. */
const notOpenedFor = (times: number) => {
  let answered = 0;
  worker.use(
    http.post(JOIN, async ({ request }) => {
      seen.joins.push({
        authorization: request.headers.get('authorization'),
        body: await request.json(),
        credentials: request.credentials,
        cache: request.cache,
      });
      return answered++ < times ? problem(404, 'room-not-found') : HttpResponse.json(JOINED);
    }),
  );
};

/** Lets the retry that is due run, and waits for its request and its answer (not for a span of time). */
const nextTry = async (el: CallJoinButton) => {
  const asked = seen.joins.length;
  const [due] = fakeClock().pending;
  fakeClock().tick(due!);
  await until(
    () => seen.joins.length > asked && button(el).getAttribute('aria-busy') === 'false',
    'the retry was never sent, or never answered',
  );
  await settled(el);
};

/** Presses Join and waits until the first "not opened yet" has been shown. */
const pressNotOpened = async (el: CallJoinButton) => {
  const error = oneEvent(el, 'vc-error');
  button(el).click();
  const event = await error;
  await until(() => statusText(el) === NOT_OPENED, 'the button never said so');
  return event;
};

describe('<call-join-button> visit not opened yet', () => {
  it('says so in plain words and asks again by itself, backing off, until the clinic has opened it', async () => {
    notOpenedFor(2);
    const el = await joinButton();
    const errors = record(el, 'vc-error');
    const requests = record(el, 'vc-join-request');
    const event = await pressNotOpened(el);

    expect(event.detail).to.deep.equal({ code: 'room-not-found', message: NOT_OPENED });
    expect(part(el, '[part~="retry"]') === null, 'no Try again: the page tries by itself').to.equal(true);
    expect(alertText(el)).to.equal(undefined);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    const [first] = fakeClock().pending;
    expect(fakeClock().pending).to.have.length(1);
    expect(first).to.be.within(4000, 5000);
    await expect(el).to.be.accessible();

    await nextTry(el);
    expect(statusText(el)).to.equal(NOT_OPENED);
    expect(fakeClock().pending[0], 'the next waits longer').to.be.within(8000, 10_000);

    const ready = oneEvent(el, 'vc-join-ready');
    await nextTry(el);
    await ready;
    await settled(el);
    expect(statusText(el)).to.equal('Your video visit has opened in a new window.');
    expect(seen.joins).to.have.length(3);
    expect(errors, 'told once, not at every try').to.have.length(1);
    expect(requests, 'the retries are no new requests to join').to.have.length(1);
    expect(fakeClock().pending).to.deep.equal([]);
  });

  it('stops asking while it is out of the page, and goes on when it is back', async () => {
    notOpenedFor(1);
    const el = await joinButton();
    await pressNotOpened(el);
    const parent = el.parentElement!;
    el.remove();
    expect(fakeClock().pending).to.deep.equal([]);
    fakeClock().tick(60_000);
    expect(seen.joins).to.have.length(1);

    parent.append(el);
    expect(fakeClock().pending).to.have.length(1);
    const ready = oneEvent(el, 'vc-join-ready');
    await nextTry(el);
    await ready;
  });

  it('gives up after about 12 minutes, and then offers Try again', async () => {
    notOpenedFor(Infinity);
    const el = await joinButton();
    const errors = record(el, 'vc-error');
    await pressNotOpened(el);
    let waited = 0;
    while (fakeClock().pending.length > 0) {
      waited += fakeClock().pending[0]!;
      await nextTry(el);
    }
    expect(seen.joins).to.have.length(16);
    expect(waited / 60_000).to.be.within(9, 13);
    expect(alertText(el)).to.equal(GAVE_UP);
    expect(statusText(el)).to.equal('');
    expect(part(el, '[part~="retry"]')!.textContent).to.equal('Try again');
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();

    // The patient's own press starts over.
    part<HTMLButtonElement>(el, '[part~="retry"]')!.click();
    await until(() => seen.joins.length === 17 && statusText(el) === NOT_OPENED, 'no fresh attempt');
    expect(fakeClock().pending[0]).to.be.within(4000, 5000);
    el.remove();
  });

  it('tells a visit not opened yet apart from a wrong one', async () => {
    worker.use(http.post(JOIN, () => problem(404, 'not-found')));
    const el = await joinButton();
    const event = await oneEvent((button(el).click(), el), 'vc-error');
    expect(event.detail).to.deep.equal({ code: 'not-found', message: WRONG_VISIT });
    await settled(el);
    expect(alertText(el)).to.equal(WRONG_VISIT);
    expect(fakeClock().pending, 'a wrong visit is not asked for again').to.deep.equal([]);
  });

  it('does not ask again by itself for a room id (a clinician): says not opened, with Try again', async () => {
    worker.use(http.post(JOIN, () => problem(404, 'room-not-found')));
    const el = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} room="room-9" .ticket=${'t'}></call-join-button>`,
    );
    const event = await oneEvent((button(el).click(), el), 'vc-error');
    expect(event.detail).to.deep.equal({ code: 'room-not-found', message: GAVE_UP });
    await settled(el);
    expect(alertText(el)).to.equal(GAVE_UP);
    expect(part(el, '[part~="retry"]')).to.not.equal(null);
    expect(fakeClock().pending).to.deep.equal([]);
  });
});
