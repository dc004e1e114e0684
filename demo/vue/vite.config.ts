import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { selfImport } from '../vite-self-import.js';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [
    selfImport(),
    // Tags with a dash are custom elements, not Vue components: Vue sets their properties and listens to
    // their events (`@vc-joined`) itself.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.includes('-') } } }),
  ],
});
