import { defineConfig } from 'vite';
import { selfImport } from '../vite-self-import.js';

// React 19 needs no plugin to build: Vite compiles the JSX (automatic runtime) itself.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [selfImport()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    rolldownOptions: { input: ['index.html', 'late.html'].map((page) => `${import.meta.dirname}/${page}`) },
  },
});
