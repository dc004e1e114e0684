import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/vite-minify-templates.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const LOCALES = ['de', 'fr', 'it', 'nl'];

/** The script-tag IIFEs: the join elements (`vite build`) and the appointment picker (`vite build --mode picker`). */
const SCRIPTS = {
  main: { entry: 'src/bundle.ts', name: 'VideoConsult', file: 'video-consult.js' },
  picker: {
    entry: 'src/components/appointment-picker/define.ts',
    name: 'VideoConsultPicker',
    file: 'appointment-picker.js',
  },
};

/**
 * `vite build`: the one-file IIFE for a plain `<script>` tag (lit included, defines the join elements).
 * `vite build --mode picker`: `<appointment-picker>` as its own IIFE, so that pages without it never download it
 * (lit included again for now: issue 13 restructures the chunks).
 * `vite build --mode locales`: each translation as a small ES module in dist/locales/, which the IIFE
 * imports beside itself only when a page is in that language.
 * Vite reads experimentalDecorators from tsconfig.json (Lit's legacy decorators). The per-element ESM
 * entry points with lit external are emitted by `tsc -p tsconfig.build.json`.
 */
export default defineConfig(({ mode }) => {
  const script = mode === 'picker' ? SCRIPTS.picker : SCRIPTS.main;
  return mode === 'locales'
    ? {
        build: {
          outDir: 'dist/locales',
          emptyOutDir: true,
          target: 'es2021',
          minify: true,
          lib: {
            entry: Object.fromEntries(LOCALES.map((l) => [l, here(`src/locales/${l}.ts`)])),
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
        },
      }
    : {
        plugins: [minifyTemplates()],
        resolve: {
          alias: [
            { find: /^\.\/locale-loaders\.js$/, replacement: here('src/internal/locale-loaders-script.ts') },
          ],
        },
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2021',
          sourcemap: true,
          lib: {
            entry: script.entry,
            name: script.name,
            formats: ['iife'],
            fileName: () => script.file,
          },
        },
      };
});
