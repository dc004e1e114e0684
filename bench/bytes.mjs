// Benchmark: the bytes a browser downloads for our embed beside three well-known embeds, measured the same way
// in one run. `npm run bench -- bytes` runs this one alone; `node bench/bytes.mjs` too, after a build.
//
// Compared (their packages are devDependencies of bench/compare/package.json, a project of their own that this
// benchmark installs with `npm ci` on its first run, so that the project's own install never carries them):
//   ours      dist/video-consult.js: <call-join-button> + <video-consult-room>, Lit, English strings
//   Whereby   @whereby.com/browser-sdk/embed: the <whereby-embed> element (and heresy, which it imports)
//   Cal.com   @calcom/embed-core: dist/embed/embed.js, the script Cal's snippet loads
//   Daily     @daily-co/daily-js: dist/daily.js, the call frame (createFrame) and call object
//   floor     bench/floor/floor.js: Lit and @lit/localize with three empty elements, what the stack costs before
//             any feature of ours (bundled by esbuild like Whereby: the baseline measured in the same run);
//             floor-lit the same without @lit/localize
//
// Two ways, each applied to all four alike; gzip level 9 throughout (as scripts/size.mjs):
//   shipped   the one self-contained file a <script> tag would load, as the package ships it. Whereby ships no
//             such file (its entry imports `heresy`): it is bundled with esbuild --minify, like a host would.
//   rebundled the package's browser entry bundled by esbuild (bundle, minify, ESM, browser platform), so that
//             every package gets the same minifier: differences of build tooling drop out.
// Bytes are deterministic: one measurement each (no min/median/max spread to report).
// Not counted, for any of them: what the embed loads later (the vendor's room page in the iframe; Daily's call
// machine bundle from its CDN; our language file on a non-English page, 2-4 KB gzip).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const COMPARE = join('bench', 'compare');
if (!existsSync(join(COMPARE, 'node_modules'))) {
  console.log(`installing the compared embeds into ${COMPARE} (npm ci, once)`);
  spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel', 'error'], {
    cwd: COMPARE,
    stdio: 'inherit',
  });
}
const require = createRequire(join(process.cwd(), COMPARE, 'package.json'));
const pkgDir = (name) => join(COMPARE, 'node_modules', name); // some packages do not export ./package.json
const version = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version;
const ourVersion = JSON.parse(readFileSync('package.json', 'utf8')).version;

/**
 * Bundles `entry` for the browser with esbuild (minified). ESM output is split, so that what the entry loads only
 * by `import()` (our language files) lands in chunks of its own: the bytes are the entry's file and the chunks
 * it imports statically, what a page in English downloads before anything runs.
 */
const bundle = async (entry, format) => {
  const { outputFiles, metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format,
    splitting: format === 'esm',
    outdir: 'out',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const contents = new Map(outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]));
  const loaded = new Set();
  const visit = (path) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const { path: next, kind } of metafile.outputs[path].imports) {
      if (kind === 'import-statement' && !next.endsWith('.map')) visit(next);
    }
  };
  visit(Object.keys(metafile.outputs).find((path) => metafile.outputs[path].entryPoint));
  return [...loaded].map((path) => Buffer.from(contents.get(path)));
};

/** A file of an installed package; throws when the package is not installed. */
const fileOf = (pkg, path) => join(pkgDir(pkg), path);

const EMBEDS = [
  {
    name: 'ours',
    pkg: 'video-consult-elements',
    what: () =>
      `video-consult-elements ${ourVersion} (video-consult.js + chunks/button.js + chunks/client.js + chunks/room-flow.js: a visit)`,
    // What a page that joins a visit downloads: the first file, the button's join and network side and the room's
    // steps, which it imports beside itself.
    shipped: async () =>
      ['video-consult.js', 'chunks/button.js', 'chunks/client.js', 'chunks/room-flow.js'].map((file) =>
        readFileSync(`dist/${file}`),
      ),
    entry: () => 'dist/esm/bundle.js',
  },
  {
    name: 'Whereby',
    pkg: '@whereby.com/browser-sdk',
    what: () => `@whereby.com/browser-sdk ${version('@whereby.com/browser-sdk')} (embed)`,
    shipped: () => bundle(require.resolve('@whereby.com/browser-sdk/embed'), 'iife'),
    entry: () => require.resolve('@whereby.com/browser-sdk/embed'),
  },
  {
    name: 'Cal.com',
    pkg: '@calcom/embed-core',
    what: () => `@calcom/embed-core ${version('@calcom/embed-core')} (embed.js)`,
    shipped: async () => [readFileSync(fileOf('@calcom/embed-core', 'dist/embed/embed.js'))],
    entry: () => fileOf('@calcom/embed-core', 'dist/embed/embed.js'),
  },
  {
    name: 'Daily',
    pkg: '@daily-co/daily-js',
    what: () => `@daily-co/daily-js ${version('@daily-co/daily-js')} (daily.js)`,
    shipped: async () => [readFileSync(fileOf('@daily-co/daily-js', 'dist/daily.js'))],
    entry: () => fileOf('@daily-co/daily-js', 'dist/daily-esm.js'),
  },
  {
    name: 'floor',
    pkg: 'lit',
    what: () => 'Lit + @lit/localize, three empty elements (the stack alone)',
    shipped: () => bundle('bench/floor/floor.js', 'esm'),
    entry: () => 'bench/floor/floor.js',
  },
  {
    name: 'floor-lit',
    pkg: 'lit',
    what: () => 'Lit alone, the same three elements in English',
    shipped: () => bundle('bench/floor/floor-lit.js', 'esm'),
    entry: () => 'bench/floor/floor-lit.js',
  },
];

const KB = 1024;
/** Raw and gzip bytes of `files`, each compressed on its own (as a server sends them). */
const measure = (files) => ({
  raw: files.reduce((sum, file) => sum + file.length, 0),
  gz: files.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0),
});
const rows = [];
const missing = [];
for (const embed of EMBEDS) {
  // A compared package that is not installed (say, dropped from devDependencies) is reported, not fatal.
  if (!['ours', 'floor', 'floor-lit'].includes(embed.name) && !existsSync(pkgDir(embed.pkg))) {
    missing.push(embed);
    continue;
  }
  const shipped = measure(await embed.shipped());
  const rebundled = measure(await bundle(embed.entry(), 'esm'));
  rows.push({ ...embed, what: embed.what(), ...shipped, reRaw: rebundled.raw, reGz: rebundled.gz });
}
if (!readFileSync('dist/video-consult.js', 'utf8').includes('call-join-button')) {
  console.error('dist/video-consult.js does not define the elements: run npm run build first.');
  process.exit(1);
}
const [ours] = rows;
const f = (n) => (n / KB).toFixed(1).padStart(7);
const r = (n, base) => `${(n / base).toFixed(2)}x`.padStart(7);
console.log(
  `${'embed'.padEnd(52)} ${'raw KB'.padStart(7)} ${'gzip KB'.padStart(7)} ${'ratio'.padStart(7)} | rebundled: ${'raw KB'.padStart(7)} ${'gzip KB'.padStart(7)} ${'ratio'.padStart(7)}`,
);
for (const row of rows) {
  console.log(
    `${`${row.name}: ${row.what}`.padEnd(52)} ${f(row.raw)} ${f(row.gz)} ${r(row.gz, ours.gz)} | ${''.padStart(10)} ${f(row.reRaw)} ${f(row.reGz)} ${r(row.reGz, ours.reGz)}`,
  );
}
for (const { name, pkg } of missing)
  console.log(`${name}: not measured, ${pkg} is not installed (cd ${COMPARE} && npm install -D ${pkg})`);
console.log('ratio = gzip bytes / ours (gzip level 9); deterministic, one measurement each.');
// What the stack costs before any feature, against what the first file and the picker chunk weigh (npm run size).
const floor = rows.find((row) => row.name === 'floor');
const firstFile = measure([readFileSync('dist/video-consult.js')]).gz;
console.log(
  `first file dist/video-consult.js: ${(firstFile / KB).toFixed(2)} KB gzip; the stack alone (floor): ${(floor.gz / KB).toFixed(2)} KB; ` +
    `our features in the first file: ${((firstFile - floor.gz) / KB).toFixed(2)} KB (issue 13's first-file target: 10 KB, ` +
    `which leaves ${((10 * KB - floor.gz) / KB).toFixed(2)} KB for them)`,
);
