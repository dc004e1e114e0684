import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/vite-minify-templates.mjs';
import { scriptChunks } from './scripts/vite-script-chunks.mjs';
import { localeSplit } from './scripts/vite-locale-split.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const { version } = JSON.parse(readFileSync(here('package.json'), 'utf8')) as { version: string };
const ENTRY = 'video-consult.js';

/** Where each chunk goes: languages in locales/, the rest in chunks/, by a stable name (a redirect finds them). */
const chunkFileName = ({ name, facadeModuleId }: { name: string; facadeModuleId: string | null }) => {
  const locale = /\/src\/locales\/([a-z]{2})\.ts(\?picker)?$/.exec(facadeModuleId ?? '');
  if (locale) return `locales/${locale[1]}${locale[2] ? '-picker' : ''}.js`;
  if (facadeModuleId?.endsWith('/appointment-picker/booking-controller.ts'))
    return 'chunks/appointment-booking.js';
  if (facadeModuleId?.includes('/appointment-picker/')) return 'chunks/appointment-picker.js';
  if (facadeModuleId?.endsWith('/room-flow.ts')) return 'chunks/room-flow.js';
  if (name === 'client') return 'chunks/client.js';
  if (facadeModuleId?.endsWith('/call-join-button/join-button.ts')) return 'chunks/button.js';
  if (facadeModuleId?.endsWith('/internal/csp-report.ts')) return 'chunks/csp-report.js';
  return 'chunks/[name]-[hash].js';
};

/**
 * `vite build`: the files of the script tag. `video-consult.js` is a classic script (Lit, `<call-join-button>` with
 * its visit window, `<video-consult-room>`'s element; it defines all three elements); the room's steps
 * (`chunks/room-flow.js`), `<appointment-picker>` (`chunks/appointment-picker.js`, which shows the free times, and
 * `chunks/appointment-booking.js`, its booking steps, which it imports once a time is chosen) and each language
 * (`locales/<lang>.js`) are ES modules beside it that it imports on demand (scripts/vite-script-chunks.mjs says
 * how a classic script shares its code with them). Vite reads `useDefineForClassFields: false` from tsconfig.json
 * (class fields must not shadow Lit's reactive accessors). The per-element ESM entry points with lit external are
 * emitted by `tsc -p tsconfig.build.json`.
 */
const inEntry = new Set<string>();
/**
 * `chunks/client.js`: the join button's network side (join-client.ts: tickets, the join, the visit window, the
 * words for failures), loaded near the viewport, at a press or for a visit window; the room's steps and the picker
 * import what they share with it from there.
 */
const shared = { root: /\/src\/components\/call-join-button\/join-client\.ts$/, ids: new Set<string>() };
/** The script-tag files of an earlier build (dist/esm, from tsc, stays): a chunk that is gone must not linger. */
const cleanScriptFiles = {
  name: 'video-consult:clean-script-files',
  apply: 'build' as const,
  buildStart() {
    for (const path of [
      'video-consult.js',
      'video-consult.js.map',
      'appointment-picker.js',
      'appointment-picker.js.map',
      'chunks',
      'locales',
    ]) {
      rmSync(here(`dist/${path}`), { recursive: true, force: true });
    }
  },
};
export default defineConfig({
  resolve: {
    // The languages in two files each, the picker's strings apart (scripts/vite-locale-split.mjs).
    alias: [
      {
        find: /^\.\/(internal\/)?locale-loaders\.js$/,
        replacement: here('src/internal/locale-loaders-script.ts'),
      },
    ],
  },
  plugins: [
    cleanScriptFiles,
    minifyTemplates(),
    scriptChunks({ entry: ENTRY, version, inEntry, shared }),
    localeSplit({ root: here('.') }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2021',
    sourcemap: false,
    // Library mode: Vite then leaves `import()` alone (no preload helper, which a classic script could not use).
    lib: { entry: { 'video-consult': here('src/bundle.ts') }, formats: ['es'] },
    rolldownOptions: {
      // The entry may export more than bundle.ts does: the code it shares with the chunks.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        // Library mode leaves ES output's whitespace; this file goes to browsers as it is.
        minify: true,
        // No comment left in what browsers download: the minified build had none of Lit's licence comments
        // already; this drops the `/* @__PURE__ */` and `/* @vite-ignore */` annotations too (0.1 KB per visit).
        comments: false,
        entryFileNames: ENTRY,
        chunkFileNames: chunkFileName,
        codeSplitting: {
          groups: [
            { name: 'video-consult', test: (id: string) => inEntry.has(id), priority: 10 },
            { name: 'client', test: (id: string) => shared.ids.has(id), priority: 5 },
          ],
        },
      },
    },
  },
});
