// `npm run size`: gzip sizes of what a browser downloads from a script tag, against the budgets. Exits 1 over budget.
// The first file (video-consult.js) runs at once; the room's steps, the picker and each language are chunks it
// imports beside itself when a page needs them (vite.config.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

const FIRST = 'dist/video-consult.js';
const ROOM = 'dist/chunks/room-flow.js';
const PICKER = 'dist/chunks/appointment-picker.js';
const locales = existsSync('dist/locales')
  ? readdirSync('dist/locales').filter((f) => /^[a-z]{2}\.js$/.test(f))
  : [];
for (const file of [FIRST, ROOM, PICKER]) {
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
// Chunks the room's steps import beside themselves (code they share with the picker, none today).
const roomChunks = [
  ROOM,
  ...[...readFileSync(ROOM, 'utf8').matchAll(/from\s*["']\.\/([\w.-]+\.js)["']/g)].map(
    (m) => `dist/chunks/${m[1]}`,
  ),
];

// [what, gzip bytes, budget, target]. A budget above its target is what the build measures today (+0.5 KB):
// issue 13 item 2 asks for the target; see docs/BENCHMARKS.md.
const LINES = [
  [
    'first file, video-consult.js (Lit, the button with its visit window, the elements)',
    gzip(FIRST),
    19.75 * KB,
    10 * KB,
  ],
  [
    "the whole visit: first file + the room's steps (" + roomChunks.map((f) => f.slice(5)).join(', ') + ')',
    gzip(FIRST) + roomChunks.reduce((sum, f) => sum + gzip(f), 0),
    28.25 * KB,
    22 * KB,
  ],
  // The picker's own size is another helper's work (issue 12): this line fails only above its budget.
  [
    'PICKER chunk, chunks/appointment-picker.js (loaded when a page has <appointment-picker>)',
    gzip(PICKER),
    10.75 * KB,
    7 * KB,
  ],
  ...locales.map((f) => [
    `language ${f.slice(0, 2)}, locales/${f} (loaded only on a page in that language)`,
    gzip(`dist/locales/${f}`),
    4 * KB,
    3 * KB,
  ]),
];

let over = false;
for (const [what, size, budget, target] of LINES) {
  const ok = size <= budget;
  over ||= !ok;
  const aim = size <= target ? 'target met' : `target ${kb(target)} not met`;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${kb(size).padStart(8)} gzip (budget ${kb(budget)}, ${aim}) - ${what}`,
  );
}
process.exit(over ? 1 : 0);
