// `npm run size`: gzip sizes of what a browser downloads, against the budgets. Exits 1 over budget.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const locales = existsSync('dist/locales')
  ? readdirSync('dist/locales').filter((f) => /^[a-z]{2}\.js$/.test(f))
  : [];
const BUDGETS = [
  // [file, gzip budget in bytes, what]
  ['dist/video-consult.js', 24.5 * KB, 'IIFE bundle for a <script> tag (lit, both elements, English)'],
  ...locales.map((f) => [
    `dist/locales/${f}`,
    3 * KB,
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
  if (
    file.endsWith('video-consult.js') &&
    (!raw.includes('customElements.define') || !raw.includes('call-join-button'))
  ) {
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
process.exit(over ? 1 : 0);
