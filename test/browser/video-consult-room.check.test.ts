import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { buttonOf, frameOf, joinResponse, press, stageOf, statusOf } from './video-consult-room.helpers.js';
import { part, record, until } from './support.js';

const UA = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  instagram:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 606542425)',
};

const gum = navigator.mediaDevices.getUserMedia;
/** Every stream getUserMedia handed out, and every request for one. */
let streams: MediaStream[] = [];
let asked: MediaStreamConstraints[] = [];

const stubUserAgent = (ua: string) =>
  Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true });
const refuse = (name: string) => {
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    asked.push(constraints!);
    throw new DOMException('refused in a test', name);
  };
};

/** A room in the check, after the devices answered (or failed to). */
const checking = async (template = html`<video-consult-room></video-consult-room>`) => {
  const el = await fixture<VideoConsultRoom>(template);
  el.open(joinResponse());
  await el.updateComplete;
  await until(() => buttonOf(el, 'continue') || buttonOf(el, 'retry'), 'the check did not settle');
  return el;
};

const steps = (el: VideoConsultRoom) =>
  [...el.shadowRoot!.querySelectorAll('[part~="steps"] li')].map((li) => li.textContent!.trim());

describe('<video-consult-room> check-in', () => {
  beforeEach(() => {
    streams = [];
    asked = [];
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      asked.push(constraints!);
      const stream = await gum.call(navigator.mediaDevices, constraints);
      streams.push(stream);
      return stream;
    };
  });
  afterEach(() => {
    delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia;
    Reflect.deleteProperty(navigator.permissions, 'query');
    Reflect.deleteProperty(navigator, 'userAgent');
  });

  it('shows the camera, the microphone level and the devices before anything is framed', async () => {
    const el = await checking();
    expect(stageOf(el)).to.equal('check');
    expect(frameOf(el)).to.equal(null);
    const video = part<HTMLVideoElement>(el, 'video[part~="video"]')!;
    expect(video.muted).to.equal(true);
    expect(video.playsInline).to.equal(true);
    const preview = video.srcObject as MediaStream;
    expect(preview.getVideoTracks()).to.have.length(1);
    expect(preview.getAudioTracks()).to.have.length(0, 'the self-view must not play the microphone back');
    await until(() => !video.paused && video.readyState >= 2, 'self-view not playing');

    const meter = part<HTMLMeterElement>(el, 'meter[part~="meter"]')!;
    expect(meter.labels![0]!.textContent).to.contain('Microphone level');
    expect([meter.min, meter.max]).to.deep.equal([0, 100]);
    expect(meter.value).to.be.within(0, 100);

    const selects = [...el.shadowRoot!.querySelectorAll('select')];
    expect(selects.map((s) => s.labels![0]!.textContent!.trim().split(/\s/)[0])).to.deep.equal([
      'Camera',
      'Microphone',
    ]);
    for (const select of selects) {
      expect(select.options.length).to.be.greaterThan(0);
      expect(select.selectedOptions[0]!.textContent!.trim()).to.not.equal('');
    }
    const devices = part(el, '[part~="devices"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(devices).to.equal('Camera: Working Microphone: Working');
    expect(statusOf(el)).to.equal('Check that you can see yourself and that the bar moves when you speak.');
    await expect(el).to.be.accessible();
  });

  it('Continue fires vc-precheck-complete without ids or labels, stops every track and frames the room', async () => {
    const el = await checking();
    const [stream] = streams;
    const labels = stream!.getTracks().map((track) => track.label);
    const ids = (await navigator.mediaDevices.enumerateDevices()).map((device) => device.deviceId);
    const complete = oneEvent(el, 'vc-precheck-complete');
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'continue');
    const { detail } = await complete;
    expect(detail.camera).to.equal(true);
    expect(detail.microphone).to.equal(true);
    expect(detail.kinds).to.include.members(['videoinput', 'audioinput']);
    const json = JSON.stringify(detail);
    for (const secret of [...labels, ...ids].filter(Boolean)) expect(json).to.not.contain(secret);
    expect(stream!.getTracks().map((track) => track.readyState)).to.deep.equal(['ended', 'ended']);
    await ready;
    expect(stageOf(el)).to.equal('room');
  });

  it('asks again with the device the user chose, stopping the previous tracks', async () => {
    const el = await checking();
    const select = el.shadowRoot!.querySelectorAll('select')[1]!;
    // Chromium's fake devices: one camera, three microphones.
    const other = [...select.options].find((option) => !option.selected)!;
    select.focus();
    select.value = other.value;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(select, 'the select keeps the focus while asking again');
    await until(() => streams.length === 2 && buttonOf(el, 'continue'));
    expect(el.shadowRoot!.activeElement).to.equal(select);
    expect(asked[1]!.audio).to.deep.equal({ deviceId: { exact: other.value } });
    expect(streams[0]!.getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
    expect(streams[1]!.getAudioTracks()[0]!.getSettings().deviceId).to.equal(other.value);
  });

  it('keeps the self-view playing while the microphone level redraws the check', async () => {
    // Every srcObject assignment restarts a <video>: count them.
    const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
    let assigned = 0;
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...srcObject,
      set(this: HTMLMediaElement, value: MediaProvider | null) {
        assigned++;
        srcObject.set!.call(this, value);
      },
    });
    try {
      const el = await checking();
      const video = part<HTMLVideoElement>(el, 'video[part~="video"]')!;
      await until(() => !video.paused && video.currentTime > 0);
      const [before, start] = [assigned, video.currentTime];
      const restarts = record(video, 'loadstart' as never);
      const meter = part<HTMLMeterElement>(el, 'meter')!;
      const levels = new Set<number>();
      let renders = 0;
      el.addController({ hostUpdated: () => void (renders++, levels.add(meter.value)) });
      // Chromium's fake microphone beeps about once a second; each beep redraws the meter many times.
      await until(() => renders >= 20 && levels.size >= 3);
      expect(assigned - before).to.equal(0, 'srcObject assigned again while the meter moved');
      expect(restarts).to.have.length(0, 'the self-view restarted');
      await until(() => video.currentTime > start + 0.5);
      expect(video.paused).to.equal(false);
      expect(restarts).to.have.length(0, 'the self-view restarted');
    } finally {
      Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', srcObject);
    }
  });

  it('moves the level meter with the microphone', async function () {
    const el = await checking();
    const meter = part<HTMLMeterElement>(el, 'meter')!;
    // Chromium's fake microphone beeps about once a second.
    await until(() => meter.value > 0, 'the meter never moved');
  });

  it('stops the tracks when the element leaves the document during the check, and asks again when it returns', async () => {
    const el = await checking();
    const parent = el.parentElement!;
    el.remove();
    expect(streams[0]!.getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
    parent.append(el);
    await until(() => streams.length === 2 && buttonOf(el, 'continue'));
    expect(streams[1]!.getTracks().every((track) => track.readyState === 'live')).to.equal(true);
  });

  it('is skipped with no-precheck', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const completes = record(el, 'vc-precheck-complete');
    el.open(joinResponse());
    await el.updateComplete;
    expect(stageOf(el)).to.equal('room');
    expect(asked).to.have.length(0);
    expect(completes).to.have.length(0);
  });

  describe('when access is blocked', () => {
    /** Stubs what the Permissions API says (the test browser's own answer depends on earlier tests). */
    const permissions = (states: Record<string, PermissionState>) =>
      Object.defineProperty(navigator.permissions, 'query', {
        configurable: true,
        value: async ({ name }: PermissionDescriptor) => ({ state: states[name], onchange: null }),
      });
    beforeEach(() => permissions({ camera: 'denied', microphone: 'denied' }));

    it('says so, shows the steps for Chrome, and offers no way on while the microphone is blocked too', async () => {
      stubUserAgent(UA.chrome);
      refuse('NotAllowedError');
      const el = await checking();
      expect(statusOf(el)).to.equal(
        'Your camera or microphone is blocked. Please allow them in your browser and try again.',
      );
      expect(steps(el)).to.deep.equal([
        'Click the icon next to the web address.',
        'Allow the camera and microphone.',
        'Then press “Try again”.',
        'Still blocked? Check that your device’s privacy settings allow this browser to use the camera.',
      ]);
      expect(part(el, '[part~="devices"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
        'Camera: Blocked Microphone: Blocked',
      );
      await expect(el).to.be.accessible();
      expect(!!buttonOf(el, 'retry')).to.equal(true);
      expect(!!buttonOf(el, 'skip')).to.equal(false, 'a visit without a microphone cannot take place');
    });

    it('offers Continue without camera when only the camera is blocked and the microphone works', async () => {
      stubUserAgent(UA.chrome);
      permissions({ camera: 'denied', microphone: 'granted' });
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        asked.push(constraints!);
        if (constraints!.video) throw new DOMException('camera blocked in a test', 'NotAllowedError');
        const stream = await gum.call(navigator.mediaDevices, constraints);
        streams.push(stream);
        return stream;
      };
      const el = await checking();
      await until(() => buttonOf(el, 'skip'));
      expect(asked.map((constraints) => Object.keys(constraints))).to.deep.equal([
        ['video', 'audio'],
        ['audio'],
      ]);
      expect(part(el, '[part~="devices"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
        'Camera: Blocked Microphone: Working',
      );
      expect(!!part(el, 'meter[part~="meter"]')).to.equal(true, 'the microphone level');
      expect(!!part(el, 'video')).to.equal(false, 'no self-view');
      expect(steps(el)).to.have.length(4, 'how to unblock the camera');
      await expect(el).to.be.accessible();
      const complete = oneEvent(el, 'vc-precheck-complete');
      await press(el, 'skip');
      expect((await complete).detail).to.deep.include({ camera: false, microphone: true });
      expect(streams[0]!.getTracks().every((track) => track.readyState === 'ended')).to.equal(true);
      expect(stageOf(el)).to.equal('room');
    });

    it('Try again asks the browser again', async () => {
      refuse('NotAllowedError');
      const el = await checking();
      expect(asked).to.have.length(1);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        asked.push(constraints!);
        return gum.call(navigator.mediaDevices, constraints);
      };
      await press(el, 'retry');
      await until(() => buttonOf(el, 'continue'), 'no Continue after the retry');
      expect(asked).to.have.length(2);
    });

    for (const [name, ua, first] of [
      ['Safari on iPhone', UA.iphone, 'Tap “aA” in the address bar, then “Website Settings”.'],
      ['Samsung Internet', UA.samsung, 'Tap the icon next to the web address, then “Permissions”.'],
      ['Instagram', UA.instagram, 'This app’s built-in browser cannot use your camera.'],
    ] as const) {
      it(`shows the steps for ${name}`, async () => {
        stubUserAgent(ua);
        refuse('NotAllowedError');
        const el = await checking();
        expect(steps(el)[0]).to.equal(first);
      });
    }

    it('tells an in-app browser without camera support to open the page in a browser', async () => {
      stubUserAgent(UA.instagram);
      // Some in-app browsers have no getUserMedia at all.
      navigator.mediaDevices.getUserMedia = undefined as never;
      const el = await checking();
      expect(steps(el)[1]).to.equal('Open the app’s menu (⋯) and choose “Open in browser”.');
      expect(!!buttonOf(el, 'skip')).to.equal(false, 'no microphone either');
    });
  });

  it('says when the devices cannot start (in use elsewhere) without the blocked steps', async () => {
    refuse('NotReadableError');
    const el = await checking();
    expect(statusOf(el)).to.equal(
      'We could not start your camera or microphone. Close other apps that may use them, then try again.',
    );
    expect(steps(el)).to.deep.equal([]);
    await aTimeout(0);
    await expect(el).to.be.accessible();
  });
});
