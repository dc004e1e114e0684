// `npm run size`: gzip sizes of what a browser downloads from a script tag, against the budgets. Exits 1 over budget.
// The first file (video-consult.js) runs at once; the join button's join (chunks/button.js), its network side
// (chunks/client.js, which the room's steps and the picker share), the room's steps, the picker and each language are
// chunks it imports beside itself when a page needs them (vite.config.ts). The picker comes in two stages: the free
// times (chunks/appointment-picker.js) and, once a time is chosen, its booking steps (chunks/appointment-booking.js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

const FIRST = 'dist/video-consult.js';
const CLIENT = 'dist/chunks/client.js';
const BUTTON = 'dist/chunks/button.js';
const ROOM = 'dist/chunks/room-flow.js';
const PICKER = 'dist/chunks/appointment-picker.js';
const BOOKING = 'dist/chunks/appointment-booking.js';
const locales = existsSync('dist/locales')
  ? readdirSync('dist/locales').filter((f) => /^[a-z]{2}\.js$/.test(f))
  : [];
for (const file of [FIRST, CLIENT, BUTTON, ROOM, PICKER, BOOKING]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build first.`);
    process.exit(1);
  }
}
if (locales.length < 4) {
  console.error('dist/locales/ is missing languages: run npm run build first.');
  process.exit(1);
}
// An empty bundle is "small" too: make sure the elements are really in it.
const first = readFileSync(FIRST, 'utf8');
for (const tag of ['call-join-button', 'video-consult-room', 'appointment-picker']) {
  if (!first.includes('customElements.define') || !first.includes(tag)) {
    console.error(`${FIRST} does not define <${tag}> (tree-shaken away?)`);
    process.exit(1);
  }
}
/** `file` and the chunks it imports beside itself (code it shares with another chunk), as paths in dist/. */
const withImports = (file) => [
  file,
  ...[...readFileSync(file, 'utf8').matchAll(/from\s*["']\.\/([\w.-]+\.js)["']/g)].map(
    ([, name]) => `dist/chunks/${name}`,
  ),
];
const sum = (files) => files.reduce((total, file) => total + gzip(file), 0);
/** Each file once. */
const distinct = (...lists) => [...new Set(lists.flat())];
// A visit: the button's join and its network side (at the join, if not before) and the room's steps with what they
// import.
const visit = distinct(withImports(BUTTON), withImports(ROOM));
// A picker page before a time is chosen: the free times and what they import; a whole booking adds the booking steps
// with theirs.
const picker = withImports(PICKER);
const booking = distinct(picker, withImports(BOOKING));
const names = (files) => files.map((file) => file.slice('dist/'.length)).join(' + ');

// [what, gzip bytes, budget, target (undefined: none)]. Where a budget is above its target, the budget is what the build measured
// on 2026-11-30 plus ~0.3 KB, to stop growth: issue 13 item 2 asks for the target (docs/BENCHMARKS.md, "Browser
// bytes"). Measured then, with the button's join in chunks/button.js and the CSP report in chunks/csp-report.js:
// first file 12.97 KB, whole visit 27.88 KB (27.05 KB before the join's split: the same code costs more gzip in a
// file of its own). The visit's budget went to 28.3 KB on 2026-11-30 at 22:05 UTC, at 28.20 KB measured after the
// room's consent slot as a paragraph of its own and "You can join from then." instead of a repeated time.
const FIRST_BUDGET = 13.3 * KB;
const VISIT_BUDGET = 28.3 * KB;
// The picker: 12.43 KB with @lit/task and Lit's decorators (its alone since the join button dropped them); 11.92 KB
// with static properties instead of decorators (2026-11-30); picker page 14.94 KB. In one chunk until 2026-11-30
// (12.01 KB; picker page 15.04 KB); then in two stages: the free times 7.92 KB, a picker page before a time is chosen
// 10.94 KB, the booking steps 5.64 KB, a whole booking 16.58 KB (1.54 KB more than in one chunk: two files compress
// less well than one, and the steps import what they share with the first stage by name). Each + ~0.3 KB. Then
// (2026-11-30 19:35 UTC, cuts in the first stage and the CSS minifier) the first stage 7.80 KB and the page before a
// time is chosen 10.82 KB: their budgets just above that. 21:20 UTC, with the sticky reserve bar and the managed
// appointment's one load at a time (its "Try again"): 7.85 KB and 10.89 KB.
const PICKER_BUDGET = 7.9 * KB;
const PICKER_PAGE_BUDGET = 10.95 * KB;
const BOOKING_BUDGET = 6 * KB;
const BOOKING_PAGE_BUDGET = 16.9 * KB;
const LINES = [
  [
    `first file: ${names([FIRST])} (Lit, the button with its visit window, all three elements)`,
    gzip(FIRST),
    FIRST_BUDGET,
    10 * KB,
  ],
  [`the whole visit: first file + ${names(visit)}`, gzip(FIRST) + sum(visit), VISIT_BUDGET, 22 * KB],
  // Issue 13's 7 KB is for the picker's chunk: since the split, the first stage, all a page that shows the free times
  // loads of its own (the booking steps come once a time is chosen, below).
  [
    `PICKER first stage: ${names([PICKER])} (the free times; when a page has <appointment-picker>)`,
    gzip(PICKER),
    PICKER_BUDGET,
    7 * KB,
  ],
  // What a picker page loads beyond the first file before a time is chosen: the first stage and the network code it
  // shares with the join button (in the first file until 2026-11-30). No target of its own.
  [
    `PICKER page before a time is chosen, beyond the first file: ${names(picker)}`,
    sum(picker),
    PICKER_PAGE_BUDGET,
    undefined,
  ],
  [
    `PICKER booking steps: ${names([BOOKING])} (once a time is chosen, or for a given appointment)`,
    gzip(BOOKING),
    BOOKING_BUDGET,
    undefined,
  ],
  [
    `PICKER whole booking, beyond the first file: ${names(booking)}`,
    sum(booking),
    BOOKING_PAGE_BUDGET,
    undefined,
  ],
  ...locales.map((f) => [
    `language: locales/${f} (only on a page in that language)`,
    gzip(`dist/locales/${f}`),
    3 * KB,
    3 * KB,
  ]),
  // The picker's strings of a language, apart: pages that only join never download them.
  ...locales.map((f) => [
    `PICKER language: locales/${f.replace('.js', '-picker.js')} (a page in that language with a picker)`,
    gzip(`dist/locales/${f.replace('.js', '-picker.js')}`),
    2 * KB,
    2 * KB,
  ]),
];

let over = false;
for (const [what, size, budget, target] of LINES) {
  const ok = size <= budget;
  over ||= !ok;
  const aim =
    target === undefined ? 'no target' : size <= target ? 'target met' : `target ${kb(target)} not met`;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${kb(size).padStart(8)} gzip (budget ${kb(budget)}; ${aim}) - ${what}`,
  );
}
process.exit(over ? 1 : 0);
