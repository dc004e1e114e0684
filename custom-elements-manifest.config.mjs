// `npm run analyze` regenerates custom-elements.json from the components' JSDoc.
export default {
  globs: ['src/components/**/*.ts', 'src/events/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json already; never let a check run rewrite it.
  packagejson: false,
};
