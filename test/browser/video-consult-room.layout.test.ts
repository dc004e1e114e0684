import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { useMockServer } from './mock-server.js';
import { buttonOf, joinResponse, press, roomPosts, stageOf } from './video-consult-room.helpers.js';
import { fakeSession, inSeconds, liveRoom } from './video-consult-room.live.js';

useMockServer();

/** A room in a 320 px wide column (a small phone), in the writing direction `dir`. */
const column = async (dir: 'ltr' | 'rtl', setup: (el: VideoConsultRoom) => void = () => {}) => {
  const wrapper = await fixture<HTMLElement>(
    html`<div dir=${dir} style="inline-size: 320px"><video-consult-room></video-consult-room></div>`,
  );
  const el = wrapper.querySelector('video-consult-room')!;
  setup(el);
  return el;
};

const settle = (el: VideoConsultRoom, stage: string) =>
  waitUntil(() => stageOf(el) === stage, `not ${stage}`);

/** Brings a room into each step the user can see. */
const STEPS: Record<string, (dir: 'ltr' | 'rtl') => Promise<VideoConsultRoom>> = {
  check: async (dir) => {
    const el = await column(dir);
    el.open(joinResponse());
    await waitUntil(() => buttonOf(el, 'continue'), 'check not ready', { timeout: 5000 });
    return el;
  },
  blocked: async (dir) => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
    const el = await column(dir);
    el.open(joinResponse());
    await waitUntil(() => buttonOf(el, 'retry'), 'not blocked');
    return el;
  },
  consent: async (dir) => {
    const el = await column(dir, (el) => Object.assign(el, { noPrecheck: true, consent: true }));
    el.open(joinResponse());
    await settle(el, 'consent');
    return el;
  },
  declined: async (dir) => {
    const el = await STEPS.consent!(dir);
    await press(el, 'decline');
    return el;
  },
  waiting: async (dir) => {
    const live = liveRoom();
    const el = await column(dir, (el) => (el.noPrecheck = true));
    const visit = { clinicianName: 'Dr. Maximiliane Mustermann-Schönberger', startsAt: inSeconds(3000) };
    el.open(joinResponse(), fakeSession({ visit }).session);
    await waitUntil(() => live.requests.length === 1);
    live.send('waiting');
    await settle(el, 'waiting');
    return el;
  },
  room: async (dir) => {
    const el = await column(dir, (el) => (el.noPrecheck = true));
    const ready = oneEvent(el, 'vc-room-ready');
    el.open(joinResponse());
    await ready;
    return el;
  },
  left: async (dir) => {
    const el = await STEPS.room!(dir);
    el.leave();
    await settle(el, 'left');
    return el;
  },
  ended: async (dir) => {
    const el = await STEPS.room!(dir);
    roomPosts(el, 'ended');
    await settle(el, 'ended');
    return el;
  },
  failed: async (dir) => {
    const el = await column(dir, (el) => Object.assign(el, { noPrecheck: true, consent: true }));
    el.open(joinResponse({ expiresAt: inSeconds(-1) }));
    await settle(el, 'consent');
    await press(el, 'agree');
    await settle(el, 'failed');
    return el;
  },
};

/** Everything the element draws stays inside its 320 px column. */
const fitsColumn = (el: VideoConsultRoom) => {
  const column = el.parentElement!.getBoundingClientRect();
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0) continue;
    expect(box.left, `${node.localName} ${node.getAttribute('part')} left`).to.be.at.least(column.left - 0.5);
    expect(box.right, `${node.localName} ${node.getAttribute('part')} right`).to.be.at.most(
      column.right + 0.5,
    );
  }
  expect(el.scrollWidth).to.be.at.most(320);
};

describe('<video-consult-room> layout and accessibility in every step', () => {
  afterEach(() => delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia);

  for (const [step, enter] of Object.entries(STEPS)) {
    it(`${step}: fits 320 px without horizontal overflow and is accessible`, async () => {
      const el = await enter('ltr');
      fitsColumn(el);
      await expect(el).to.be.accessible();
    });
  }

  it('mirrors in right-to-left pages (logical properties)', async () => {
    const el = await STEPS.blocked!('rtl');
    fitsColumn(el);
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(getComputedStyle(base).direction).to.equal('rtl');
    const steps = getComputedStyle(el.shadowRoot!.querySelector('[part~="steps"]')!);
    expect(parseFloat(steps.paddingRight)).to.be.greaterThan(0);
    expect(parseFloat(steps.paddingLeft)).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('puts the first button at the right in right-to-left pages', async () => {
    const el = await STEPS.room!('rtl');
    const [first, second] = [buttonOf(el, 'fullscreen')!, buttonOf(el, 'leave')!];
    expect(first.getBoundingClientRect().top).to.equal(second.getBoundingClientRect().top, 'one row');
    expect(first.getBoundingClientRect().left).to.be.greaterThan(second.getBoundingClientRect().right);
  });
});
