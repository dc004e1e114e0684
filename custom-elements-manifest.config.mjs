// `npm run analyze` regenerates custom-elements.json from the components' JSDoc.
export default {
  globs: ['src/components/**/*.ts', 'src/events/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json already; never let a check run rewrite it.
  packagejson: false,
  plugins: [
    {
      // The analyzer lists modules in the order its glob returns files, which is not guaranteed; a
      // staleness check needs the same bytes for the same sources (it failed once in CI on order alone).
      name: 'stable-module-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
