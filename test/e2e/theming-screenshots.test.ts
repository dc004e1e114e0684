import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error -- plain .mjs helper shared with the wtr config
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

// docs/theming.md's example style sheet, applied to the built elements in headless Chromium: each scene is
// rendered once as shipped and once with the style sheet, the test checks that the rules really reached the
// parts and states they name (computed styles, and the colours of the pixels), and the two renders side by
// side are the pictures docs/theming.md shows. `UPDATE_DOC_IMAGES=1` writes them to docs/img/; without it the
// test checks that the committed pictures are there and have the fresh renders' size.
//
// Deterministic: a fixed viewport and scale, fixed locale and zone, a still fake camera (a generated Y4M file)
// and a silent fake microphone (a generated WAV), animations off, caret hidden; no network (Playwright routes
// every request of the page's made-up origin).

// localhost: a secure context (the camera needs one); nothing listens there, Playwright answers every request.
const ORIGIN = 'http://localhost:9701';
const UPDATE = process.env.UPDATE_DOC_IMAGES === '1';

/** The ```css block under "## Example" in docs/theming.md. */
const themeCss = (() => {
  const doc = readFileSync('docs/theming.md', 'utf8');
  const css = /```css\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Example')))?.[1];
  if (!css) throw new Error('docs/theming.md: no ```css block under "## Example"');
  return css;
})();

const DEFAULT = { primary: 'rgb(11, 92, 173)', surface: 'rgb(243, 245, 248)' };
const THEMED = { primary: 'rgb(0, 105, 92)', surface: 'rgb(255, 248, 225)', failed: 'rgb(95, 107, 122)' };

/** A still camera picture: 320x240 YUV 4:2:0, a soft vertical gradient, 2 identical frames. */
const y4m = () => {
  const [w, h] = [320, 240];
  const y = Buffer.alloc(w * h);
  for (let row = 0; row < h; row++) y.fill(90 + Math.round((row / h) * 80), row * w, (row + 1) * w);
  const chroma = Buffer.alloc((w * h) / 4, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`), frame, frame]);
};

/** One second of silence: 16-bit mono PCM WAV at 48 kHz. */
const silentWav = () => {
  const data = Buffer.alloc(48_000 * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(96_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
};

/** Eight days of free times from 2030-03-06, 09:00-11:30 UTC every 30 minutes. */
const slots = () =>
  Array.from({ length: 8 }, (_, day) =>
    Array.from({ length: 6 }, (_, i) => {
      const start = Date.UTC(2030, 2, 6 + day, 9, 30 * i);
      return {
        start: new Date(start).toISOString(),
        end: new Date(start + 1_800_000).toISOString(),
        clinicians: [{ id: 'dr-a', free: 1 }],
      };
    }),
  ).flat();

const SCENES = {
  button: `<div id="scene" style="display:grid;gap:12px;width:340px">
      <call-join-button id="ready" server="${ORIGIN}" appointment="appt-2"
        join-role="patient"></call-join-button>
      <call-join-button id="failing" server="${ORIGIN}" appointment="appt-1" join-role="patient"
        ticket-url="/no-ticket"></call-join-button>
    </div>
    <script src="/video-consult.js"></script>`,
  room: `<div id="scene" style="width:440px"><video-consult-room id="room"></video-consult-room></div>
    <script src="/video-consult.js"></script>`,
  picker: `<div id="scene" style="width:440px">
      <appointment-picker server="${ORIGIN}" service="derm" layout="list" timezone="Europe/Berlin"
        min-date="2030-03-06" max-date="2030-03-07"></appointment-picker>
    </div>
    <script src="/video-consult.js"></script>`,
} as const;
type Scene = keyof typeof SCENES;

const page = (scene: Scene, themed: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${scene}</title>
<style>body { margin: 0; padding: 16px; font-family: 'DejaVu Sans', sans-serif; background: #fff } #scene { padding: 12px }</style>
${themed ? `<style>${themeCss}</style>` : ''}
</head><body>${SCENES[scene]}</body></html>`;

let browser: Browser;
let context: BrowserContext;
let media: string;

beforeAll(async () => {
  media = mkdtempSync(join(tmpdir(), 'vc-theming-'));
  writeFileSync(join(media, 'camera.y4m'), y4m());
  writeFileSync(join(media, 'microphone.wav'), silentWav());
  browser = await chromium.launch({
    executablePath: chromiumPath() as string,
    headless: true,
    args: [
      ...(CHROMIUM_ARGS as string[]),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${join(media, 'camera.y4m')}`,
      `--use-file-for-fake-audio-capture=${join(media, 'microphone.wav')}`,
      '--font-render-hinting=none',
      '--hide-scrollbars',
    ],
  });
  context = await browser.newContext({
    viewport: { width: 520, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    reducedMotion: 'reduce',
    colorScheme: 'light',
  });
  await context.route(`${ORIGIN}/**`, (route) => {
    const { pathname, searchParams } = new URL(route.request().url());
    const scene = /^\/(button|room|picker)$/.exec(pathname)?.[1] as Scene | undefined;
    if (scene) {
      const body = page(scene, searchParams.has('themed'));
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body });
    }
    if (/^\/(video-consult\.js|(chunks|locales)\/[\w-]+\.js)$/.test(pathname)) {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(`dist${pathname}`) });
    }
    if (pathname === '/v1/slots') {
      return route.fulfill({ json: { service: 'derm', zone: 'Europe/Berlin', slots: slots() } });
    }
    if (pathname === '/room') return route.fulfill({ contentType: 'text/html', body: '<p>room</p>' });
    // /no-ticket and anything else: the portal refuses (the button shows its failure)
    return route.fulfill({ status: 500, body: 'refused' });
  });
});
afterAll(async () => {
  await browser?.close();
  rmSync(media, { recursive: true, force: true });
});

/** Opens `scene`, default or themed, and brings it to the state the pictures show. */
async function open(scene: Scene, themed: boolean): Promise<Page> {
  const tab = await context.newPage();
  // The fake devices are named by their file paths (a random temporary folder): name them as a laptop would.
  await tab.addInitScript(() => {
    const enumerate = navigator.mediaDevices?.enumerateDevices.bind(navigator.mediaDevices);
    if (!enumerate) return;
    const names: Record<string, string> = {
      videoinput: 'Built-in camera',
      audioinput: 'Built-in microphone',
    };
    navigator.mediaDevices.enumerateDevices = async () =>
      (await enumerate()).map((d) => ({
        deviceId: d.deviceId,
        groupId: d.groupId,
        kind: d.kind,
        label: d.label && (names[d.kind] ?? d.label),
        toJSON: () => d.toJSON(),
      }));
  });
  await tab.goto(`${ORIGIN}/${scene}${themed ? '?themed' : ''}`);
  if (scene === 'button') {
    await tab.locator('#failing [part~="button"]').click();
    await tab.locator('#failing [part~="error"]').waitFor();
  } else if (scene === 'room') {
    await tab.waitForFunction(() => customElements.get('video-consult-room'));
    await tab.evaluate((origin) => {
      const room = document.querySelector('video-consult-room') as HTMLElement & { open(a: object): void };
      room.open({
        url: `${origin}/room`,
        expiresAt: '2030-01-01T10:00:00Z',
        provider: 'sandbox',
        roomId: 'room-1',
        allowedOrigins: [origin],
        allow: [],
      });
    }, ORIGIN);
    await tab.locator('video-consult-room [part~="continue"]').waitFor();
    // The self-view shows the still camera picture.
    await tab.waitForFunction(() => {
      const video = document.querySelector('video-consult-room')!.shadowRoot!.querySelector('video');
      return video !== null && video.readyState >= 2 && video.videoWidth > 0;
    });
  } else {
    await tab.locator('appointment-picker [part~="time"]').first().waitFor();
    await tab.locator('appointment-picker [part~="time"]').nth(2).click();
    await tab.locator('appointment-picker [part~="reserve"]').waitFor();
    await tab.mouse.move(0, 0); // no hover
  }
  await tab.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return tab;
}

/** The computed `property` of the first node matching `selector` in the shadow root of `host`. */
const styleOf = (tab: Page, host: string, selector: string, property: string) =>
  tab.evaluate(
    ([h, s, p]) => {
      const node = document.querySelector(h)!.shadowRoot!.querySelector(s)!;
      return getComputedStyle(node).getPropertyValue(p);
    },
    [host, selector, property] as const,
  );

const shot = (tab: Page) =>
  tab.locator('#scene').screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });

/** How many pixels of `png` have exactly the colour `rgb` (`rgb(r, g, b)`), decoded by the browser. */
const pixelsOf = (tab: Page, png: Buffer, rgb: string) =>
  tab.evaluate(
    async ([data, colour]) => {
      const [r, g, b] = colour.match(/\d+/g)!.map(Number);
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) count += 1;
      }
      return count;
    },
    [png.toString('base64'), rgb] as const,
  );

/** The PNG's width and height, from its IHDR chunk. */
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** The two renders side by side with a caption over each, as one PNG. */
async function sideBySide(plain: Buffer, themed: Buffer) {
  const tab = await context.newPage();
  const img = (png: Buffer, caption: string) =>
    `<figure><figcaption>${caption}</figcaption><img src="data:image/png;base64,${png.toString('base64')}"></figure>`;
  await tab.setContent(`<!doctype html><html><head><style>
    body { margin: 0; display: inline-flex; gap: 8px; padding: 8px; background: #d7dce2;
      font: 600 14px 'DejaVu Sans', sans-serif; color: #1d2733 }
    figure { margin: 0; background: #fff; border-radius: 6px; overflow: hidden }
    figcaption { padding: 6px 16px; border-bottom: 1px solid #d7dce2 }
    img { display: block }
  </style></head><body>${img(plain, 'Default')}${img(themed, 'Themed (docs/theming.md)')}</body></html>`);
  await tab.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
  const png = await tab.locator('body').screenshot({ animations: 'disabled', scale: 'css' });
  await tab.close();
  return png;
}

/** Writes the picture with UPDATE_DOC_IMAGES=1; else checks the committed one is there, at the fresh size. */
function keep(name: string, png: Buffer) {
  const file = `docs/img/${name}.png`;
  if (UPDATE) {
    mkdirSync('docs/img', { recursive: true });
    writeFileSync(file, png);
    return;
  }
  expect(existsSync(file), `${file} is missing: run this test with UPDATE_DOC_IMAGES=1`).toBe(true);
  expect(sizeOf(readFileSync(file)), `${file} is stale: run this test with UPDATE_DOC_IMAGES=1`).toEqual(
    sizeOf(png),
  );
}

describe("docs/theming.md's example, in headless Chromium", () => {
  it('<call-join-button>: tokens, ::part(button) and :state(failed) reach the button', async () => {
    const [plain, themed] = await Promise.all([open('button', false), open('button', true)]);
    for (const tab of [plain, themed]) {
      expect(await tab.evaluate(() => document.querySelector('#ready')!.matches(':state(idle)'))).toBe(true);
      expect(await tab.evaluate(() => document.querySelector('#failing')!.matches(':state(failed)'))).toBe(
        true,
      );
    }
    const button = (tab: Page, id: string, property: string) =>
      styleOf(tab, id, '[part~="button"]', property);
    // The global token, through the button's own custom property.
    expect(await button(plain, '#ready', 'background-color')).toBe(DEFAULT.primary);
    expect(await button(themed, '#ready', 'background-color')).toBe(THEMED.primary);
    // ::part(button)
    expect(await button(plain, '#ready', 'text-transform')).toBe('none');
    expect(await button(themed, '#ready', 'text-transform')).toBe('uppercase');
    expect(await button(themed, '#ready', 'border-top-left-radius')).toBe('20px');
    // :state(failed): the custom property set on the state, and ::part(error) in that state only.
    expect(await button(plain, '#failing', 'background-color')).toBe(DEFAULT.primary);
    expect(await button(themed, '#failing', 'background-color')).toBe(THEMED.failed);
    expect(await styleOf(plain, '#failing', '[part~="error"]', 'border-left-width')).toBe('0px');
    expect(await styleOf(themed, '#failing', '[part~="error"]', 'border-left')).toBe(
      '4px solid rgb(198, 40, 40)',
    );

    const [a, b] = [await shot(plain), await shot(themed)];
    // The pixels: the default's blue is gone from the themed render, the theme's colours are there.
    expect(await pixelsOf(plain, a, DEFAULT.primary)).toBeGreaterThan(2000);
    expect(await pixelsOf(plain, b, DEFAULT.primary)).toBe(0);
    expect(await pixelsOf(plain, b, THEMED.primary)).toBeGreaterThan(2000);
    expect(await pixelsOf(plain, b, THEMED.failed)).toBeGreaterThan(2000);
    expect(await pixelsOf(plain, a, THEMED.primary)).toBe(0);
    keep('theming-button', await sideBySide(a, b));
    await Promise.all([plain.close(), themed.close()]);
  });

  it('<video-consult-room>: tokens, :state(check)::part(base) and ::part(video) reach the check-in', async () => {
    const [plain, themed] = await Promise.all([open('room', false), open('room', true)]);
    for (const tab of [plain, themed]) {
      expect(await tab.evaluate(() => document.querySelector('#room')!.matches(':state(check)'))).toBe(true);
    }
    const room = (tab: Page, selector: string, property: string) => styleOf(tab, '#room', selector, property);
    expect(await room(plain, '[part~="base"]', 'background-color')).toBe(DEFAULT.surface);
    expect(await room(themed, '[part~="base"]', 'background-color')).toBe(THEMED.surface);
    expect(await room(plain, '[part~="base"]', 'box-shadow')).toBe('none');
    expect(await room(themed, '[part~="base"]', 'box-shadow')).toBe(
      `${THEMED.primary} 0px 0px 0px 3px inset`,
    );
    expect(await room(plain, '[part~="continue"]', 'background-color')).toBe(DEFAULT.primary);
    expect(await room(themed, '[part~="continue"]', 'background-color')).toBe(THEMED.primary);
    expect(await room(themed, '[part~="video"]', 'border-top-left-radius')).toBe('20px');
    expect(await room(themed, '[part~="base"]', 'font-family')).toBe('Georgia, serif');

    const [a, b] = [await shot(plain), await shot(themed)];
    expect(await pixelsOf(plain, a, DEFAULT.surface)).toBeGreaterThan(10_000);
    expect(await pixelsOf(plain, b, DEFAULT.surface)).toBe(0);
    expect(await pixelsOf(plain, b, THEMED.surface)).toBeGreaterThan(10_000);
    expect(await pixelsOf(plain, a, DEFAULT.primary)).toBeGreaterThan(1000);
    expect(await pixelsOf(plain, b, THEMED.primary)).toBeGreaterThan(1000);
    keep('theming-room-check', await sideBySide(a, b));
    await Promise.all([plain.close(), themed.close()]);
  });

  it('<appointment-picker>: tokens and ::part(time) reach the chosen time and "Reserve"', async () => {
    const [plain, themed] = await Promise.all([open('picker', false), open('picker', true)]);
    const picker = (tab: Page, selector: string, property: string) =>
      styleOf(tab, 'appointment-picker', selector, property);
    expect(await picker(plain, '[part~="reserve"]', 'background-color')).toBe(DEFAULT.primary);
    expect(await picker(themed, '[part~="reserve"]', 'background-color')).toBe(THEMED.primary);
    expect(await picker(plain, '[part~="time"]', 'font-variant-numeric')).toBe('normal');
    expect(await picker(themed, '[part~="time"]', 'font-variant-numeric')).toBe('tabular-nums');

    const [a, b] = [await shot(plain), await shot(themed)];
    expect(await pixelsOf(plain, a, DEFAULT.primary)).toBeGreaterThan(1000);
    expect(await pixelsOf(plain, b, DEFAULT.primary)).toBe(0);
    expect(await pixelsOf(plain, b, THEMED.primary)).toBeGreaterThan(1000);
    keep('theming-picker', await sideBySide(a, b));
    await Promise.all([plain.close(), themed.close()]);
  });
});
