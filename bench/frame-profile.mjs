// Where the client's time goes between the join's answer and the room's frame `src` (issue 9 item 4), in Chromium
// with the built bundle on the demo server (bench/frame-server.mjs), clicks as in bench/frame.mjs ("click" variant).
// The page's own functions are wrapped to time them: the join answer's body, the button's and the room's updates,
// the room's `open()`, and where `src` lands. `node bench/frame-profile.mjs` after a build; PORT (8821), RUNS (10).
// PRESS=1: a press as bench/frame.mjs's "press" variant (a pointerdown 80 ms before the click: the ticket and the
// room's frame are asked for then, and the room sets the held frame's `src` inside `open()`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, FAKE_MEDIA_ARGS, chromiumPath } from '../scripts/chromium.mjs';

const PORT = Number(process.env.PORT ?? 8821);
const RUNS = Number(process.env.RUNS ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'vc-bench-profile-'));
const server = spawn(process.execPath, ['bench/frame-server.mjs', String(PORT), dataDir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
try {
  await new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => ((out += chunk), out.includes('Demo ready') && resolve());
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`the demo server exited with ${code}:\n${out}`)));
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS],
  });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForFunction(() => customElements.get('video-consult-room'));
  await page.evaluate(() => document.querySelector('main').remove());
  await page.evaluate(instrument);
  const press = process.env.PRESS === '1';
  const rows = [];
  for (let run = 0; run <= RUNS; run++) {
    const row = await page.evaluate(oneRun, { run, press });
    if (run > 0) rows.push(row);
  }
  const names = Object.keys(rows[0]);
  console.log(
    `join answer -> src, by step (ms; ${RUNS} runs + 1 warm-up; ${press ? 'press' : 'click()'}), min / median / max`,
  );
  for (const name of names) {
    const values = rows.map((r) => r[name]).sort((a, b) => a - b);
    const median = (values[(values.length - 1) >> 1] + values[values.length >> 1]) / 2;
    console.log(
      `  ${name.padEnd(40)} ${[values[0], median, values.at(-1)].map((v) => v.toFixed(2).padStart(7)).join(' ')}`,
    );
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

function instrument() {
  const log = (window.__log = []);
  const mark = (name) => log.push([name, performance.now()]);
  const wrap = (proto, method, name) => {
    const original = proto[method];
    proto[method] = function (...args) {
      mark(`${name} start`);
      try {
        return original.apply(this, args);
      } finally {
        mark(`${name} end`);
      }
    };
  };
  window.__wrap = wrap;
  const original = window.fetch;
  window.fetch = async (...args) => {
    const response = await original(...args);
    if (String(args[0]).endsWith('/v1/join')) mark('join headers');
    return response;
  };
  const text = Response.prototype.text;
  Response.prototype.text = async function () {
    const body = await text.call(this);
    if (this.url.endsWith('/v1/join')) mark('join body read');
    return body;
  };
  const room = customElements.get('video-consult-room').prototype;
  const button = customElements.get('call-join-button').prototype;
  wrap(room, 'open', 'room.open');
  wrap(room, 'performUpdate', 'room update');
  wrap(button, 'performUpdate', 'button update');
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const frame = this instanceof HTMLIFrameElement && name === 'src' && value;
    if (frame) mark('src set');
    try {
      return setAttribute.call(this, name, value);
    } finally {
      if (frame) mark('src returned');
    }
  };
}

async function oneRun({ run, press }) {
  const res = await fetch('/demo/visits?startsInSeconds=0', { method: 'POST' });
  const { appointment } = await res.json();
  const box = document.createElement('div');
  const button = Object.assign(document.createElement('call-join-button'), {
    server: location.origin,
    appointment,
    joinRole: 'clinician',
    ticketUrl: `/demo/ticket?role=clinician&appointment=${appointment}`,
    target: `profile-${run}`,
  });
  const room = document.createElement('video-consult-room');
  room.id = `profile-${run}`;
  room.noPrecheck = true;
  box.append(button, room);
  for (const type of ['vc-join-request', 'vc-join-ready', 'vc-room-ready', 'vc-waiting', 'vc-error'])
    box.addEventListener(type, (event) => event.stopPropagation());
  document.body.append(box);
  while (!performance.getEntriesByType('resource').some((e) => e.name.includes(`/v1/visits/${appointment}`)))
    await new Promise((resolve) => setTimeout(resolve, 10));
  await room.preload();
  const flow = Object.getPrototypeOf(room.flow);
  if (!flow.__wrapped) {
    flow.__wrapped = true;
    window.__wrap(flow, 'willUpdate', 'flow.willUpdate');
    window.__wrap(flow, 'render', 'flow.render');
    window.__wrap(
      Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(room))),
      'update',
      'lit update',
    );
  }
  await button.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const framed = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (room.shadowRoot.querySelector('iframe')?.getAttribute('src')) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(room.shadowRoot, { subtree: true, childList: true, attributes: true });
  });
  const part = button.shadowRoot.querySelector('[part~="button"]');
  if (press) {
    part.dispatchEvent(new PointerEvent('pointerdown', { button: 0, bubbles: true, composed: true }));
    await new Promise((resolve) => setTimeout(resolve, 80));
  }
  window.__log.length = 0;
  const clicked = performance.now();
  part.click();
  const observed = await framed;
  const log = window.__log;
  const at = (name) => log.find(([n]) => n === name)?.[1];
  const last = (name) => log.findLast(([n]) => n === name)?.[1];
  const entry = performance.getEntriesByType('resource').findLast((e) => e.name.endsWith('/v1/join'));
  const answer = entry.responseEnd;
  // The button's and the room's updates that ran between the answer and src.
  const between = (name) => {
    let total = 0;
    for (let i = 0; i < log.length; i++) {
      if (log[i][0] !== `${name} start` || log[i][1] < answer || log[i][1] > observed) continue;
      const end = log.slice(i).find(([n]) => n === `${name} end`);
      if (end) total += end[1] - log[i][1];
    }
    return total;
  };
  box.remove();
  performance.clearResourceTimings();
  return {
    'click -> join request': entry.startTime - clicked,
    'answer -> headers (fetch resolves)': at('join headers') - answer,
    'answer -> body read': at('join body read') - answer,
    'body read -> room.open (parse, checks, vc-join-ready)': at('room.open start') - at('join body read'),
    'room.open (sync)': at('room.open end') - at('room.open start'),
    // Negative when `open()` set `src` itself (the frame held ready since the press).
    'room.open end -> src set': last('src set') - at('room.open end'),
    'setAttribute(src) itself': last('src returned') - last('src set'),
    'src returned -> observed (rest of the update)': observed - last('src returned'),
    'button updates (answer -> observed)': between('button update'),
    'room updates (answer -> observed)': between('room update'),
    'of which flow.willUpdate': between('flow.willUpdate'),
    'of which flow.render (templates)': between('flow.render'),
    'of which lit update (render + commit, both elements)': between('lit update'),
    'answer -> observed (total)': observed - answer,
  };
}
