import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { useMockServer } from './mock-server.js';
import { buttonOf, joinResponse, press, roomPosts, stageOf } from './video-consult-room.helpers.js';
import { until } from './support.js';
import { activeLocale, matchLocale } from '../../src/internal/localization.js';
import { fakeSession, inSeconds, liveRoom } from './video-consult-room.live.js';

useMockServer();

/** How a page is written: its language and direction. The room has no right-to-left locale: English, mirrored. */
type Writing = { name: string; lang: string; dir: 'ltr' | 'rtl' };
const WRITINGS: Writing[] = [
  { name: 'en', lang: 'en', dir: 'ltr' },
  { name: 'de', lang: 'de', dir: 'ltr' },
  { name: 'rtl', lang: 'en', dir: 'rtl' },
];
const WIDTHS = [320, 360];

/**
 * A room in a hospital page laid out as the demo's (demo/index.html): 18 px root font, the main grid's 1.5rem
 * padding, a card with 1rem 1.25rem padding, and a heading above the room. At 360 px that leaves the room 261 px.
 */
const hostPage = async (writing: Writing, setup: (el: VideoConsultRoom) => void = () => {}) => {
  const page = await fixture<HTMLElement>(html`
    <main
      lang=${writing.lang}
      dir=${writing.dir}
      style="display: grid; gap: 1.5rem; padding: 1.5rem;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr))"
    >
      <section style="background: #fff; border-radius: 12px; padding: 1rem 1.25rem">
        <h2>Your appointment with Dr. Demo</h2>
        <video-consult-room style="display: block; margin-top: 1rem; min-height: 16rem"></video-consult-room>
      </section>
    </main>
  `);
  const el = page.querySelector('video-consult-room')!;
  setup(el);
  // One locale per page: the element switches it when it connects; wait until its strings arrived.
  await until(() => activeLocale() === matchLocale(writing.lang));
  await el.updateComplete;
  return el;
};

const settle = (el: VideoConsultRoom, stage: string) => until(() => stageOf(el) === stage);

/** Brings a room into each step the user can see. */
const STEPS: Record<string, (writing: Writing) => Promise<VideoConsultRoom>> = {
  check: async (writing) => {
    const el = await hostPage(writing);
    el.open(joinResponse());
    await until(() => buttonOf(el, 'continue'));
    return el;
  },
  blocked: async (writing) => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
    const el = await hostPage(writing);
    el.open(joinResponse());
    await until(() => buttonOf(el, 'retry'));
    return el;
  },
  'camera blocked': async (writing) => {
    // The microphone works: the meter and "Continue without camera" show next to the steps.
    Object.defineProperty(navigator.permissions, 'query', {
      configurable: true,
      value: async () => ({ state: 'granted', onchange: null }),
    });
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints?.video
        ? Promise.reject(new DOMException('no', 'NotAllowedError'))
        : MediaDevices.prototype.getUserMedia.call(navigator.mediaDevices, constraints);
    const el = await hostPage(writing);
    el.open(joinResponse());
    await until(() => buttonOf(el, 'skip'));
    return el;
  },
  consent: async (writing) => {
    const el = await hostPage(writing, (el) => Object.assign(el, { noPrecheck: true, consent: true }));
    el.open(joinResponse());
    await settle(el, 'consent');
    return el;
  },
  declined: async (writing) => {
    const el = await STEPS.consent!(writing);
    await press(el, 'decline');
    return el;
  },
  waiting: async (writing) => {
    const live = liveRoom();
    const el = await hostPage(writing, (el) => (el.noPrecheck = true));
    const visit = { clinicianName: 'Dr. Maximiliane Mustermann-Schönberger', startsAt: inSeconds(3000) };
    el.open(joinResponse(), fakeSession({ visit }).session);
    await until(() => live.requests.length === 1);
    live.send('waiting');
    await settle(el, 'waiting');
    return el;
  },
  room: async (writing) => {
    const el = await hostPage(writing, (el) => (el.noPrecheck = true));
    const ready = oneEvent(el, 'vc-room-ready');
    el.open(joinResponse());
    await ready;
    return el;
  },
  left: async (writing) => {
    const el = await STEPS.room!(writing);
    el.leave();
    await settle(el, 'left');
    return el;
  },
  ended: async (writing) => {
    const el = await STEPS.room!(writing);
    roomPosts(el, 'ended');
    await settle(el, 'ended');
    return el;
  },
  failed: async (writing) => {
    const el = await hostPage(writing, (el) => Object.assign(el, { noPrecheck: true, consent: true }));
    el.open(joinResponse({ expiresAt: inSeconds(-1) }));
    await settle(el, 'consent');
    await press(el, 'agree');
    await settle(el, 'failed');
    return el;
  },
};

const describeNode = (node: Element) =>
  `${node.localName}${node.hasAttribute('part') ? `[${node.getAttribute('part')}]` : ''}`;

/**
 * What sticks out: a box outside the room or outside its panel, content wider than its box (a long German word),
 * or a page that scrolls sideways. Lists them as text, so that one failure names them all.
 */
const overflow = (el: VideoConsultRoom): string[] => {
  const found: string[] = [];
  const outside = (box: DOMRect, frame: DOMRect) =>
    box.left < frame.left - 0.5 || box.right > frame.right + 0.5;
  const host = el.getBoundingClientRect();
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0) continue;
    const what = describeNode(node);
    if (outside(box, host))
      found.push(`${what} ${box.left}..${box.right} outside the room ${host.left}..${host.right}`);
    const panel = node.parentElement?.closest('[part~="panel"]');
    const inner = panel?.getBoundingClientRect();
    if (inner && outside(box, inner))
      found.push(`${what} ${box.width} px wide outside its ${inner.width} px panel`);
    if (
      getComputedStyle(node).display !== 'inline' &&
      node.scrollWidth > node.clientWidth + 1 &&
      node.clientWidth
    ) {
      found.push(`${what} content ${node.scrollWidth} px in ${node.clientWidth} px`);
    }
  }
  if (document.documentElement.scrollWidth > innerWidth) found.push('the page scrolls sideways');
  return found;
};

/**
 * The buttons a step is for, and where the step begins for the eye: its heading (or its message where it has none).
 * The demo scrolls that to the top of the screen (StepFocusController); the buttons must then be on screen.
 */
const ACTIONS: Record<string, string[]> = {
  check: ['continue'],
  blocked: ['retry'],
  'camera blocked': ['retry', 'skip'],
  consent: ['agree'],
  declined: ['back'],
  waiting: ['leave'],
  left: ['rejoin'],
};

/** How far below the top of the step (its heading at the top of the screen) the lowest of its buttons ends. */
const reach = (el: VideoConsultRoom, step: string) => {
  const root = el.shadowRoot!;
  const start = root.querySelector('h2') ?? root.querySelector('[part~="status"]')!;
  const ends = ACTIONS[step]!.map((name) => buttonOf(el, name)!.getBoundingClientRect().bottom);
  return Math.max(...ends) - start.getBoundingClientRect().top;
};

describe('<video-consult-room> layout and accessibility in every step', () => {
  const { style } = document.documentElement;
  before(() => {
    // demo/index.html: `:root { font: 18px/1.5 system-ui, sans-serif }`, `body { margin: 0 }`.
    style.font = '18px/1.5 system-ui, sans-serif';
    document.body.style.margin = '0';
  });
  after(async () => {
    style.font = document.body.style.margin = '';
    await setViewport({ width: 800, height: 600 });
  });
  afterEach(() => {
    delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia;
    Reflect.deleteProperty(navigator.permissions, 'query');
  });

  for (const [step, enter] of Object.entries(STEPS)) {
    for (const writing of WRITINGS) {
      it(`${step}, ${writing.name}: fits a demo page ${WIDTHS.join(' and ')} px wide`, async () => {
        await setViewport({ width: WIDTHS[0]!, height: 640 });
        const el = await enter(writing);
        for (const width of WIDTHS) {
          await setViewport({ width, height: 640 });
          await until(() => innerWidth === width);
          expect(overflow(el).join('\n'), `at ${width} px`).to.equal('');
        }
        if (writing.name === 'de') await expect(el).to.be.accessible();
      });
    }
  }

  for (const [step, names] of Object.entries(ACTIONS)) {
    for (const writing of WRITINGS) {
      it(`${step}, ${writing.name}: ${names.join(' and ')} on screen once the step is scrolled to the top`, async () => {
        // A phone (360 x 740 and a smaller 360 x 640) and a laptop (1280 x 800); the self-view follows the height.
        const screens = [
          { width: 360, height: 740 },
          { width: 360, height: 640 },
          { width: 1280, height: 800 },
        ];
        await setViewport(screens[0]!);
        const el = await STEPS[step]!(writing);
        const found: string[] = [];
        for (const screen of screens) {
          await setViewport(screen);
          await until(() => innerWidth === screen.width && innerHeight === screen.height);
          await el.updateComplete;
          const needs = Math.ceil(reach(el, step));
          if (needs > screen.height) found.push(`${screen.width} x ${screen.height}: needs ${needs} px`);
        }
        expect(found.join('; ')).to.equal('');
      });
    }
  }

  it('blocked: says what is wrong first, then the buttons, then how to unblock', async () => {
    await setViewport({ width: 360, height: 740 });
    for (const step of ['blocked', 'camera blocked']) {
      const el = await STEPS[step]!(WRITINGS[0]!);
      const root = el.shadowRoot!;
      const order = [...root.querySelectorAll('[part~="status"], [part~="button"], [part~="steps"]')].map(
        (node) => node.getAttribute('part'),
      );
      const expected = ['status', 'button retry', ...(step === 'blocked' ? [] : ['button skip']), 'steps'];
      expect(order, step).to.deep.equal(expected);
      const [status, steps] = [
        root.querySelector('[part~="status"]')!,
        root.querySelector('[part~="steps"]')!,
      ];
      const above = (a: Element, b: Element) =>
        a.getBoundingClientRect().bottom <= b.getBoundingClientRect().top;
      expect(above(status, buttonOf(el, 'retry')!), `${step}: the message above Try again`).to.equal(true);
      expect(above(buttonOf(el, 'retry')!, steps), `${step}: Try again above the steps`).to.equal(true);
      delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia;
      Reflect.deleteProperty(navigator.permissions, 'query');
    }
  });

  it('mirrors in right-to-left pages (logical properties)', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await STEPS.blocked!(WRITINGS[2]!);
    expect(overflow(el).join('\n')).to.equal('');
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(getComputedStyle(base).direction).to.equal('rtl');
    const steps = getComputedStyle(el.shadowRoot!.querySelector('[part~="steps"]')!);
    expect(parseFloat(steps.paddingRight)).to.be.greaterThan(0);
    expect(parseFloat(steps.paddingLeft)).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it("keeps an English sentence's full stop at its end in right-to-left pages, and aligns it like the page", async () => {
    const el = await STEPS.declined!(WRITINGS[2]!);
    const sentences = [...el.shadowRoot!.querySelectorAll('p')].filter((p) =>
      /\w[.!?]$/.test(p.textContent!.trim()),
    );
    expect(sentences.length).to.be.greaterThan(0);
    for (const p of sentences) {
      // The last two characters of the sentence: the stop must sit to the right of the letter before it, as in
      // English; with the page's direction it went to the left end of the line (".soon").
      const text = [...p.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())
        .at(-1)!;
      const end = text.textContent!.trimEnd().length;
      const rect = (from: number) => {
        const range = document.createRange();
        range.setStart(text, from);
        range.setEnd(text, from + 1);
        return range.getBoundingClientRect();
      };
      expect(rect(end - 1).left, p.textContent!).to.be.greaterThan(rect(end - 2).left);
      expect(getComputedStyle(p).textAlign).to.not.equal('left');
    }
  });

  it('puts the first button at the right in right-to-left pages', async () => {
    // Wide enough for both buttons in one row (at 360 px they wrap, which is fine).
    await setViewport({ width: 800, height: 600 });
    const el = await STEPS.room!(WRITINGS[2]!);
    const [first, second] = [buttonOf(el, 'fullscreen')!, buttonOf(el, 'leave')!];
    expect(first.getBoundingClientRect().top).to.equal(second.getBoundingClientRect().top, 'one row');
    expect(first.getBoundingClientRect().left).to.be.greaterThan(second.getBoundingClientRect().right);
  });
});
