// `npm run size`: gzip sizes of what a browser downloads, against the budgets. Exits 1 over budget.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGETS = [
  // [file, gzip budget in bytes, what]
  ['dist/video-consult.js', 16 * 1024, 'IIFE bundle for a <script> tag (lit included, all elements)'],
];

let over = false;
for (const [file, budget, what] of BUDGETS) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build first.`);
    process.exit(1);
  }
  const raw = readFileSync(file);
  // An empty bundle is "small" too: make sure the elements are really in it.
  if (!raw.includes('customElements.define') || !raw.includes('call-join-button')) {
    console.error(`${file} does not define the elements (tree-shaken away?)`);
    process.exit(1);
  }
  const gz = gzipSync(raw, { level: 9 }).length;
  const ok = gz <= budget;
  over ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}: ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(2)} KB gzip (budget ${(budget / 1024).toFixed(0)} KB) - ${what}`,
  );
}
process.exit(over ? 1 : 0);
