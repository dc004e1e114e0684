import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/vite-minify-templates.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const LOCALES = ['de', 'fr', 'it', 'nl'];

/**
 * `vite build`: the one-file IIFE for a plain `<script>` tag (lit included, defines every element).
 * `vite build --mode locales`: each translation as a small ES module in dist/locales/, which the IIFE
 * imports beside itself only when a page is in that language.
 * Vite reads experimentalDecorators from tsconfig.json (Lit's legacy decorators). The per-element ESM
 * entry points with lit external are emitted by `tsc -p tsconfig.build.json`.
 */
export default defineConfig(({ mode }) =>
  mode === 'locales'
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
            entry: 'src/bundle.ts',
            name: 'VideoConsult',
            formats: ['iife'],
            fileName: () => 'video-consult.js',
          },
        },
      },
);
