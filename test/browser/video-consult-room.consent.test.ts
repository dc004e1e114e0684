import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { buttonOf, frameOf, joinResponse, press, stageOf, statusOf } from './video-consult-room.helpers.js';
import { part, record, until } from './support.js';

const asking = async (template = html`<video-consult-room no-precheck consent></video-consult-room>`) => {
  const el = await fixture<VideoConsultRoom>(template);
  el.open(joinResponse());
  await el.updateComplete;
  return el;
};

describe('<video-consult-room consent>', () => {
  it('asks before the room, with a default text, and goes on when the user agrees', async () => {
    const el = await asking(
      html`<video-consult-room no-precheck consent consent-version="2024-05"></video-consult-room>`,
    );
    expect(stageOf(el)).to.equal('consent');
    expect(frameOf(el)).to.equal(null);
    const panel = part(el, '[part~="panel"][part~="consent"]')!;
    expect(panel.querySelector('h2')!.textContent).to.equal('Before your visit');
    expect(panel.textContent).to.contain('Do you agree to have this visit by video?');
    await expect(el).to.be.accessible();

    const before = Date.now();
    const consent = oneEvent(el, 'vc-consent');
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'agree');
    const { detail } = await consent;
    expect(Object.keys(detail).sort()).to.deep.equal(['accepted', 'timestamp', 'version']);
    expect(detail.accepted).to.equal(true);
    expect(detail.version).to.equal('2024-05');
    expect(new Date(detail.timestamp).toISOString()).to.equal(detail.timestamp);
    expect(Date.parse(detail.timestamp)).to.be.within(before, Date.now());
    await ready;
  });

  it("shows the page's own consent text from the consent slot", async () => {
    const el = await asking(
      html`<video-consult-room no-precheck consent>
        <p slot="consent">I agree to the St. Example telehealth terms.</p>
      </video-consult-room>`,
    );
    const slot = part<HTMLSlotElement>(el, 'slot[name="consent"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('I agree to the St. Example telehealth terms.');
  });

  it("keeps a slotted English sentence's full stop at its end on a right-to-left page", async () => {
    // A <span> in the slot is the step's paragraph like the default <p>: it takes its direction from its words.
    const page = await fixture<HTMLElement>(
      html`<div dir="rtl">
        <video-consult-room no-precheck consent>
          <span slot="consent">St. Example Hospital does not record it.</span>
        </video-consult-room>
      </div>`,
    );
    const el = page.querySelector<VideoConsultRoom>('video-consult-room')!;
    el.open(joinResponse());
    await el.updateComplete;
    expect(stageOf(el)).to.equal('consent');
    const text = el.querySelector('span')!.firstChild!;
    const end = text.textContent!.trimEnd().length;
    const left = (from: number) => {
      const range = document.createRange();
      range.setStart(text, from);
      range.setEnd(text, from + 1);
      return range.getBoundingClientRect().left;
    };
    // With the page's direction the stop went to the left end of the line (".St. Example …").
    expect(left(end - 1)).to.be.greaterThan(left(end - 2));
    await expect(el).to.be.accessible();
  });

  it('declining is calm, frames nothing, and Back asks again', async () => {
    const el = await asking();
    const answers = record(el, 'vc-consent');
    await press(el, 'decline');
    expect(answers.map((e) => e.detail.accepted)).to.deep.equal([false]);
    expect(answers[0]!.detail.version).to.equal(undefined);
    expect(stageOf(el)).to.equal('declined');
    expect(part(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
    expect(statusOf(el)).to.equal(
      'You did not agree, so the visit will not start. You can go back and read the question again.',
    );
    expect(frameOf(el)).to.equal(null);
    await expect(el).to.be.accessible();
    await press(el, 'back');
    expect(stageOf(el)).to.equal('consent');
    await press(el, 'agree');
    expect(answers.map((e) => e.detail.accepted)).to.deep.equal([false, true]);
    expect(stageOf(el)).to.equal('room');
  });

  it('comes after the check: vc-precheck-complete, vc-consent, then the room', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room consent></video-consult-room>`);
    const order: string[] = [];
    for (const type of ['vc-precheck-complete', 'vc-consent', 'vc-room-ready'] as const) {
      el.addEventListener(type, () => order.push(type));
    }
    el.open(joinResponse());
    await el.updateComplete;
    expect(stageOf(el)).to.equal('check');
    await until(() => buttonOf(el, 'continue'));
    await press(el, 'continue');
    expect(stageOf(el)).to.equal('consent');
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'agree');
    await ready;
    expect(order).to.deep.equal(['vc-precheck-complete', 'vc-consent', 'vc-room-ready']);
  });

  it("moves focus to the next step's heading, or its message, when a button there went away", async () => {
    const el = await asking();
    buttonOf(el, 'decline')!.focus();
    await press(el, 'decline');
    // Booleans: a failed comparison of elements makes the runner hang while it serializes them.
    expect(el.shadowRoot!.activeElement === part(el, '[part~="status"]'), 'on the message').to.equal(true);
    buttonOf(el, 'back')!.focus();
    await press(el, 'back');
    expect(el.shadowRoot!.activeElement === part(el, 'h2'), 'on the heading').to.equal(true);
  });
});
