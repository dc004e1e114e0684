// Subresource Integrity for the script-tag files: every .js the build wrote outside dist/esm (the IIFE, the
// languages, any chunk it loads beside itself), as `sha384-<base64>`, into dist/integrity.json and on stdout.
// `npm run build` runs it last. The hashes change with every build that changes a file, so with every version:
// pin the version in the script's URL and copy its hash from that version's dist/integrity.json.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));

/** `sha384-…` of `bytes`, as the `integrity` attribute takes it. */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Paths (relative to dist/, `/`-separated, sorted) of the files a `<script>` page may load. */
export const scriptFiles = (dist = DIST) =>
  readdirSync(dist, { recursive: true })
    .map((name) => name.split(sep).join('/'))
    .filter((name) => name.endsWith('.js') && !name.startsWith('esm/'))
    .sort();

const README = resolve(fileURLToPath(new URL('../README.md', import.meta.url)));
/** The README's script tag: its `integrity` value is group 1. */
const README_TAG = /(<script\s+src="[^"]+\/video-consult\.js"\s+integrity=")([^"]*)(")/;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const hashes = Object.fromEntries(scriptFiles().map((name) => [name, sri(readFileSync(join(DIST, name)))]));
  writeFileSync(join(DIST, 'integrity.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  console.log(`Subresource Integrity (${relative(process.cwd(), join(DIST, 'integrity.json'))}):`);
  for (const [name, hash] of Object.entries(hashes)) console.log(`  ${name}  ${hash}`);
  // `--readme`: the README's script tag takes the first file's hash of this build (the test "the README's script
  // tag ..." checks they match, so that the snippet works as printed with the files of this version).
  if (process.argv.includes('--readme')) {
    const readme = readFileSync(README, 'utf8');
    if (!README_TAG.test(readme))
      throw new Error('README.md has no <script src=".../video-consult.js" integrity> tag');
    writeFileSync(README, readme.replace(README_TAG, `$1${hashes['video-consult.js']}$3`));
    console.log(`README.md: integrity of video-consult.js set to ${hashes['video-consult.js']}`);
  }
}
