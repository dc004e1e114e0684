import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import '../../src/components/call-join-button/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { JOIN, problem, useMockServer, worker } from './mock-server.js';
import { clickAndSettle, joinButton } from './call-join-button.helpers.js';
import { joinResponse } from './video-consult-room.helpers.js';

useMockServer();

/** The custom states a page's CSS can select, `:state(name)`. */
const statesOf = (el: Element, names: string[]) => names.filter((name) => el.matches(`:state(${name})`));

describe('custom states for theming (:state())', () => {
  it('<call-join-button> is in exactly one state of its join: idle, then failed', async () => {
    worker.use(http.post(JOIN, () => problem(503, 'provider-unavailable')));
    const el = await joinButton();
    const names = ['idle', 'joining', 'opened', 'failed'];
    expect(statesOf(el, names)).to.deep.equal(['idle']);
    await clickAndSettle(el);
    expect(statesOf(el, names)).to.deep.equal(['failed']);
  });

  it('<video-consult-room> shows its step: idle, then room', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const names = ['idle', 'check', 'room'];
    expect(statesOf(el, names)).to.deep.equal(['idle']);
    el.open(joinResponse());
    await el.updateComplete;
    expect(statesOf(el, names)).to.deep.equal(['room']);
  });

  it('lets a page style the button by state', async () => {
    const el: CallJoinButton = await joinButton();
    const style = document.createElement('style');
    style.textContent = 'call-join-button:state(idle) { outline: 3px solid rgb(255, 0, 0); }';
    document.head.append(style);
    try {
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });
});
