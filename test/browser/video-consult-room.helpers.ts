import { fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/components/video-consult-room/define.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import type { JoinResponse } from '../../src/protocol/join.js';
import { ROOM_ORIGIN, part, roomUrl } from './support.js';

export const joinResponse = (overrides: Partial<JoinResponse> = {}): JoinResponse => ({
  url: roomUrl(),
  expiresAt: '2030-01-01T10:00:00Z',
  provider: 'sandbox',
  roomId: 'room-1',
  allowedOrigins: [ROOM_ORIGIN],
  allow: [],
  ...overrides,
});

export const frameOf = (el: VideoConsultRoom) => part<HTMLIFrameElement>(el, '[part~="frame"]');

/** A room element (no check-in) showing the fixture room page, once that page said `ready`. */
export const openRoom = async (overrides: Partial<JoinResponse> = {}) => {
  const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
  const ready = oneEvent(el, 'vc-room-ready');
  el.open(joinResponse(overrides));
  await ready;
  return el;
};

/** Asks the framed fixture page to post a room message of `type` to its parent. */
export const roomPosts = (el: VideoConsultRoom, type: string) =>
  frameOf(el)!.contentWindow!.postMessage({ post: type }, '*');

/** The element's step, read from the class on its base (the element does not expose it). */
export const stageOf = (el: VideoConsultRoom) => part(el, '[part~="base"]')!.classList[0];

/** The text of the live line (`role="status"` or `role="alert"`). */
export const statusOf = (el: VideoConsultRoom) => part(el, '[part~="status"]')!.textContent!.trim();

/** The button with part `name`. */
export const buttonOf = (el: VideoConsultRoom, name: string) =>
  part<HTMLButtonElement>(el, `[part~="button"][part~="${name}"]`);

/** Clicks the button with part `name` and waits for the element to render. */
export const press = async (el: VideoConsultRoom, name: string) => {
  const target = buttonOf(el, name);
  if (!target) throw new Error(`no ${name} button in step ${stageOf(el)}`);
  target.click();
  await el.updateComplete;
};
