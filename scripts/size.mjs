// `npm run size`: gzip sizes of what a browser downloads, against the budgets. Exits 1 over budget.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pickerSizes } from './picker-own-size.mjs';

const KB = 1024;
const locales = existsSync('dist/locales')
  ? readdirSync('dist/locales').filter((f) => /^[a-z]{2}\.js$/.test(f))
  : [];
const BUDGETS = [
  // [file, gzip budget in bytes, what]
  ['dist/video-consult.js', 25 * KB, 'IIFE bundle for a <script> tag (lit, both join elements, English)'],
  [
    'dist/appointment-picker.js',
    21 * KB,
    'IIFE of <appointment-picker> alone, for pages that book (lit and the shared client again, English)',
  ],
  // The picker's strings ride in the same files for now (+0.8-1.2 KB each); issue 13 splits them per element.
  ...locales.map((f) => [
    `dist/locales/${f}`,
    4 * KB,
    `${f.slice(0, 2)} strings, loaded only on a page in that language`,
  ]),
];

let over = false;
if (locales.length < 4) {
  console.error('dist/locales/ is missing languages: run npm run build first.');
  process.exit(1);
}
for (const [file, budget, what] of BUDGETS) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build first.`);
    process.exit(1);
  }
  const raw = readFileSync(file);
  // An empty bundle is "small" too: make sure the elements are really in it.
  const tag = file.endsWith('video-consult.js')
    ? 'call-join-button'
    : file.endsWith('picker.js') && 'appointment-picker';
  if (tag && (!raw.includes('customElements.define') || !raw.includes(tag))) {
    console.error(`${file} does not define the elements (tree-shaken away?)`);
    process.exit(1);
  }
  const gz = gzipSync(raw, { level: 9 }).length;
  const ok = gz <= budget;
  over ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}: ${(raw.length / KB).toFixed(1)} KB raw, ${(gz / KB).toFixed(2)} KB gzip (budget ${(budget / KB).toFixed(0)} KB) - ${what}`,
  );
}
// The picker's own code: what it adds beside the join elements' bundle, lit and the shared client left out
// (scripts/picker-own-size.mjs). Target 7 KB (issue 12); the budget is what it measures today, see BENCHMARKS.md.
const PICKER_OWN_BUDGET = 11 * KB;
const { own, withShared } = await pickerSizes();
const ownOk = own.gzip <= PICKER_OWN_BUDGET;
over ||= !ownOk;
console.log(
  `${ownOk ? 'ok  ' : 'OVER'} <appointment-picker> own code: ${(own.raw / KB).toFixed(1)} KB raw, ${(own.gzip / KB).toFixed(2)} KB gzip (budget ${PICKER_OWN_BUDGET / KB} KB, target 7 KB); with the shared client ${(withShared.gzip / KB).toFixed(2)} KB gzip (lit excluded)`,
);
process.exit(over ? 1 : 0);
