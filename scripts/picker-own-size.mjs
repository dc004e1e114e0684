// The gzip size of `<appointment-picker>`'s own code, built in memory (nothing is written to dist/) with the same
// minification as the script-tag files:
// - `own`: the picker's entry as an ES module without lit, @lit/localize and @lit/task, and without the modules the
//   join elements' bundle already has (client, error messages, localization, base class): what the picker adds to a
//   page that has the join elements once issue 13 shares chunks between the two scripts.
// - `withShared`: the same with those shared modules included: what it costs a page that has only the picker.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { minifyTemplates } from './vite-minify-templates.mjs';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const LIT = [/^lit($|\/)/, /^@lit\//];

const bundle = async (entry, external) => {
  const [output] = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [minifyTemplates()],
    resolve: {
      alias: [
        { find: /^\.\/locale-loaders\.js$/, replacement: here('src/internal/locale-loaders-script.ts') },
      ],
    },
    build: {
      write: false,
      target: 'es2021',
      lib: { entry: here(entry), formats: ['es'], fileName: () => 'entry.js' },
      rollupOptions: { external, output: { minify: true } },
    },
  });
  return output.output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
};

const measure = (code) => ({ raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length });

export const pickerSizes = async () => {
  const joinModules = new Set(Object.keys((await bundle('src/bundle.ts', LIT)).modules));
  const shared = (id) => joinModules.has(id);
  const own = await bundle(
    'src/components/appointment-picker/define.ts',
    (id, _importer, resolved) => LIT.some((re) => re.test(id)) || (resolved && shared(id)),
  );
  const withShared = await bundle('src/components/appointment-picker/define.ts', LIT);
  return { own: measure(own.code), withShared: measure(withShared.code) };
};
