import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http } from 'msw';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { ConsultError } from '../../src/client/consult-error.js';
import type { RoomSession } from '../../src/client/room-session.js';
import type { JoinResponse } from '../../src/protocol/join.js';
import { JOIN, JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import { button, clickAndSettle } from './call-join-button.helpers.js';
import {
  MINUTE,
  serveVisit,
  useFakeClock,
  visitAt,
  windowSettled,
} from './call-join-button.window-helpers.js';
import { SERVER, record, until } from './support.js';

useMockServer();
useFakeClock();

/**
 * Stands in for `<video-consult-room>`, whose own tests cover what it does with a session: this file checks what
 * the button hands over, and when.
 */
class FakeRoom extends HTMLElement {
  opened: [JoinResponse, RoomSession | undefined][] = [];
  open(join: JoinResponse, session?: RoomSession) {
    this.opened.push([join, session]);
  }
}
customElements.define('video-consult-room', FakeRoom);

/** `getUserMedia` replaced: records each call's constraints, answers with `answer`, counts stopped tracks. */
const stubMedia = (answer: 'allow' | 'deny' = 'allow') => {
  const media = { calls: [] as MediaStreamConstraints[], stopped: 0 };
  const track = { stop: () => void media.stopped++ };
  navigator.mediaDevices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    media.calls.push(constraints!);
    return answer === 'allow'
      ? Promise.resolve({ getTracks: () => [track, track] } as unknown as MediaStream)
      : Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  };
  return media;
};
// The stub is an own property hiding the prototype's method: deleting it brings the real one back.
afterEach(() => delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia);

/** A page with the button (appointment, role, ticket-url) and, when `withRoom`, the room it targets. */
const page = async ({ target = 'visit', withRoom = true } = {}) => {
  const wrapper = await fixture<HTMLElement>(html`
    <div>
      <call-join-button
        server=${SERVER}
        appointment="appt-1"
        join-role="patient"
        ticket-url="/ticket"
        target=${target}
      ></call-join-button>
      ${withRoom ? html`<video-consult-room id="visit"></video-consult-room>` : ''}
    </div>
  `);
  return {
    el: wrapper.querySelector<CallJoinButton>('call-join-button')!,
    room: wrapper.querySelector<FakeRoom>('video-consult-room'),
  };
};

describe('<call-join-button target> media and session', () => {
  beforeEach(() => serveVisit(() => problem(404, 'room-not-found')));

  it('asks for camera and microphone once, inside the tap, and stops them at once', async () => {
    const media = stubMedia();
    const { el, room } = await page();
    const ready = oneEvent(el, 'vc-join-ready');
    button(el).click();
    expect(media.calls, 'before the click handler gave up the gesture').to.deep.equal([
      { video: true, audio: true },
    ]);
    await ready;
    await until(() => media.stopped === 2, 'the tracks were not stopped');
    expect(media.calls).to.have.length(1);
    expect(room!.opened).to.have.length(1);
  });

  it('joins all the same when the patient refuses camera and microphone', async () => {
    const media = stubMedia('deny');
    const { el, room } = await page();
    const errors = record(el, 'vc-error');
    const event = await clickAndSettle(el);
    expect(event.type).to.equal('vc-join-ready');
    expect(media.calls).to.have.length(1);
    expect(room!.opened).to.have.length(1);
    expect(errors).to.have.length(0);
  });

  it('does not ask when it opens a new window, when the page vetoes the join, or without a room', async () => {
    const media = stubMedia();
    const standalone = await fixture<CallJoinButton>(
      html`<call-join-button server=${SERVER} room="room-1" .ticket=${'ticket-1'}></call-join-button>`,
    );
    await clickAndSettle(standalone);
    expect(seen.opened).to.have.length(1);

    const vetoed = await page();
    vetoed.el.addEventListener('vc-join-request', (event) => event.preventDefault());
    button(vetoed.el).click();

    const roomless = await page({ target: 'nowhere', withRoom: false });
    const failed = await clickAndSettle(roomless.el);
    expect((failed as CustomEvent).detail.code).to.equal('target-not-found');
    expect(media.calls).to.have.length(0);
  });

  it('touches the room only with the join, and hands it a session for the same visit', async () => {
    const visit = { ...visitAt(-MINUTE), status: 'open' as const };
    serveVisit(() => visit);
    stubMedia();
    const { el, room } = await page();
    await windowSettled(el);
    expect(room!.opened, 'nothing reaches the room before the join').to.have.length(0);
    const requests = record(el, 'vc-join-request');
    await clickAndSettle(el);
    expect(room!.opened).to.have.length(1);
    const [join, session] = room!.opened[0]!;
    expect(join).to.deep.equal(JOINED);
    expect(session!.server).to.equal(SERVER);
    expect(session!.visit).to.deep.equal(visit);

    const ticketsBefore = seen.ticketFetches;
    expect(await session!.ticket()).to.equal('ticket-from-url');
    expect(seen.ticketFetches, 'a fresh ticket for each call').to.equal(ticketsBefore + 1);

    expect(await session!.refresh()).to.deep.equal(JOINED);
    expect(seen.ticketFetches).to.equal(ticketsBefore + 2);
    expect(seen.joins).to.have.length(2);
    expect(seen.joins[1]).to.deep.equal({ ...seen.joins[0], authorization: 'Bearer ticket-from-url' });
    expect(seen.joins[1]!.body).to.deep.equal({ appointment: 'appt-1', role: 'patient' });
    expect(requests, 'a refresh is no new request to join').to.have.length(1);
  });

  it("gives the ticket property's current value, and reports a failed refresh as a ConsultError", async () => {
    const { el, room } = await page();
    el.ticket = 'ticket-1';
    await clickAndSettle(el);
    const session = room!.opened[0]![1]!;
    expect(session.visit, 'no window without a schedule').to.equal(undefined);
    el.ticket = 'ticket-2';
    expect(await session.ticket()).to.equal('ticket-2');
    expect(seen.ticketFetches, 'only for the visit window').to.equal(1);

    worker.use(http.post(JOIN, () => problem(409, 'room-ended')));
    const errors = record(el, 'vc-error');
    const error = await session.refresh().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(ConsultError);
    expect(error).to.include({ code: 'room-ended', status: 409 });
    await aTimeout(0);
    expect(errors, 'the room reports what happens after the join').to.have.length(0);
  });
});
