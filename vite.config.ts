import { defineConfig } from 'vite';

/**
 * Builds the one-file IIFE for a plain `<script>` tag (lit included, defines every element).
 * Vite reads experimentalDecorators from tsconfig.json (Lit's legacy decorators).
 * The per-element ESM entry points with lit external are emitted by `tsc -p tsconfig.build.json`.
 */
export default defineConfig({
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
});
