import { expect, fixture, html } from '@open-wc/testing';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { RoomSession } from '../../src/client/room-session.js';
import type { JoinResponse } from '../../src/protocol/join.js';
import { RoomWaitingEvent } from '../../src/events/waiting.js';
import { RoomJoinedEvent } from '../../src/events/joined.js';
import { RoomLeftEvent } from '../../src/events/left.js';
import { RoomEndedEvent } from '../../src/events/ended.js';
import { PrecheckCompleteEvent } from '../../src/events/precheck-complete.js';
import { ConsentEvent } from '../../src/events/consent.js';
import { ConsultErrorEvent } from '../../src/events/error.js';
import { seen, useMockServer } from './mock-server.js';
import { button, clickAndSettle, settled, statusText } from './call-join-button.helpers.js';
import {
  MINUTE,
  serveVisit,
  shownText,
  useFakeClock,
  visitAt,
  windowPart,
  windowSettled,
} from './call-join-button.window-helpers.js';
import { SERVER, record } from './support.js';

useMockServer();
const fakeClock = useFakeClock();

/** Stands in for `<video-consult-room>`: records what it is handed; the test makes it say what a room says. */
class FakeRoom extends HTMLElement {
  opened: [JoinResponse, RoomSession | undefined][] = [];
  open(join: JoinResponse, session?: RoomSession) {
    this.opened.push([join, session]);
  }
}
customElements.define('video-consult-room', FakeRoom);

const STATUS = {
  handed: 'Continue in the video visit area.',
  waiting: 'You are in the waiting room.',
  inRoom: 'You are in your video visit.',
  left: 'Continue in the video visit area.',
  ended: 'The visit has ended. You can close this page.',
};

/** A portal page: the button (appointment, ticket-url) and the room it targets, with the visit open now. */
const page = async () => {
  serveVisit(() => ({ ...visitAt(-MINUTE), status: 'open' }));
  const wrapper = await fixture<HTMLElement>(html`
    <div>
      <call-join-button
        server=${SERVER}
        appointment="appt-1"
        ticket-url="/ticket"
        target="visit"
      ></call-join-button>
      <video-consult-room id="visit"></video-consult-room>
    </div>
  `);
  const el = wrapper.querySelector<CallJoinButton>('call-join-button')!;
  await windowSettled(el);
  return { el, room: wrapper.querySelector<FakeRoom>('video-consult-room')! };
};

/** The room fires `event` (as the real one does, on itself) and the button has rendered what it made of it. */
const roomSays = async (el: CallJoinButton, room: FakeRoom, event: Event) => {
  room.dispatchEvent(event);
  await el.updateComplete;
};

/** Whether the status line is a live region (a screen reader announces its changes). */
const statusIsLive = (el: CallJoinButton) => {
  const status = el.shadowRoot!.querySelector('[part~="status"]')!;
  return status.getAttribute('role') === 'status' || (status.getAttribute('aria-live') ?? 'off') !== 'off';
};

const shut = (el: CallJoinButton) => button(el).getAttribute('aria-disabled') === 'true';

describe('<call-join-button target> follows the visit', () => {
  it('says where the visit stands as the room reports it, never a stale "You can join now."', async () => {
    const { el, room } = await page();
    expect(shownText(el)).to.equal('You can join now.');
    await clickAndSettle(el);
    expect(statusText(el)).to.equal(STATUS.handed);
    expect(windowPart(el)?.textContent, 'the room holds the visit now').to.equal(undefined);
    expect(shut(el)).to.equal(true);
    await expect(el).to.be.accessible();

    const steps: [Event, string][] = [
      [new RoomWaitingEvent({ roomId: 'room-1' }), STATUS.waiting],
      [new RoomJoinedEvent({ roomId: 'room-1' }), STATUS.inRoom],
      [new RoomLeftEvent({ roomId: 'room-1' }), STATUS.left],
      [new RoomJoinedEvent({ roomId: 'room-1' }), STATUS.inRoom],
      [new RoomEndedEvent({ roomId: 'room-1' }), STATUS.ended],
    ];
    for (const [event, text] of steps) {
      await roomSays(el, room, event);
      expect(statusText(el), event.type).to.equal(text);
      expect(windowPart(el)?.textContent, event.type).to.equal(undefined);
      expect(shut(el), event.type).to.equal(true);
      await expect(el).to.be.accessible();
    }
    // Nothing follows the end.
    await roomSays(el, room, new RoomJoinedEvent({}));
    expect(statusText(el)).to.equal(STATUS.ended);
  });

  it('asks for no second link when Join is pressed again while the room holds the visit', async () => {
    const { el, room } = await page();
    const requests = record(el, 'vc-join-request');
    await clickAndSettle(el);
    for (const event of [null, new RoomWaitingEvent({}), new RoomJoinedEvent({}), new RoomLeftEvent({})]) {
      if (event) await roomSays(el, room, event);
      button(el).click();
      await settled(el);
    }
    expect(requests).to.have.length(1);
    expect(seen.joins).to.have.length(1);
    expect(room.opened).to.have.length(1);
  });

  it('does not call a visit running over its end "over" while the patient is in it', async () => {
    const { el, room } = await page();
    await clickAndSettle(el);
    await roomSays(el, room, new RoomJoinedEvent({}));
    fakeClock().tick(60 * MINUTE);
    await el.updateComplete;
    expect(windowPart(el)?.textContent).to.equal(undefined);
    expect(statusText(el)).to.equal(STATUS.inRoom);
  });

  it('ignores lifecycle events from other elements', async () => {
    const { el } = await page();
    await clickAndSettle(el);
    const other = document.createElement('video-consult-room');
    el.parentElement!.append(other);
    other.dispatchEvent(new RoomEndedEvent({}));
    await el.updateComplete;
    expect(statusText(el)).to.equal(STATUS.handed);
  });

  it('stops listening to the room when it leaves the page, and listens again when it is back', async () => {
    const { el, room } = await page();
    await clickAndSettle(el);
    const parent = el.parentElement!;
    el.remove();
    room.dispatchEvent(new RoomJoinedEvent({}));
    parent.prepend(el);
    await el.updateComplete;
    expect(statusText(el)).to.equal(STATUS.handed);
    await roomSays(el, room, new RoomWaitingEvent({}));
    expect(statusText(el)).to.equal(STATUS.waiting);
  });

  it('points to the room, never "ready", while the room runs its check, consent, a refusal or an error', async () => {
    const { el, room } = await page();
    await clickAndSettle(el);
    expect(statusText(el), 'handed over: the check runs').to.equal(STATUS.handed);
    const consent = (accepted: boolean) =>
      new ConsentEvent({ accepted, timestamp: new Date().toISOString() });
    const error = (code: string) => new ConsultErrorEvent({ code, message: code });
    const steps: [string, Event][] = [
      ['check done', new PrecheckCompleteEvent({ camera: false, microphone: true, kinds: [] })],
      ['declined', consent(false)],
      ['agreed after all', consent(true)],
      ['waiting', new RoomWaitingEvent({})],
      ['the room shows an error', error('link-expired')],
      ['in the call', new RoomJoinedEvent({})],
      ['the camera is blocked', error('media-denied')],
    ];
    for (const [step, event] of steps) {
      await roomSays(el, room, event);
      const text = statusText(el);
      expect(text, step).not.to.match(/ready/i);
      expect(text, step).to.equal(
        event.type === 'vc-waiting'
          ? STATUS.waiting
          : event.type === 'vc-joined'
            ? STATUS.inRoom
            : STATUS.handed,
      );
      expect(windowPart(el)?.textContent, step).to.equal(undefined);
      expect(shut(el), step).to.equal(true);
    }
    await expect(el).to.be.accessible();
  });

  it('does not tell the patient to use Rejoin while a rejoin connects', async () => {
    const { el, room } = await page();
    await clickAndSettle(el);
    await roomSays(el, room, new RoomJoinedEvent({}));
    await roomSays(el, room, new RoomLeftEvent({}));
    // The room's own line says "You left the visit." next to its Rejoin; a press on it fires nothing until the
    // room is back: the button's line must hold for both.
    expect(statusText(el)).not.to.match(/Rejoin/);
    expect(statusText(el)).to.equal(STATUS.left);
  });

  it('keeps its line quiet in the waiting room, where the room announces it', async () => {
    const { el, room } = await page();
    await clickAndSettle(el);
    expect(statusIsLive(el), 'handed over').to.equal(true);
    await roomSays(el, room, new RoomWaitingEvent({}));
    expect(statusText(el)).to.equal(STATUS.waiting);
    expect(statusIsLive(el), 'waiting').to.equal(false);
    await expect(el).to.be.accessible();
    await roomSays(el, room, new RoomJoinedEvent({}));
    expect(statusIsLive(el), 'in the call').to.equal(true);
  });
});
