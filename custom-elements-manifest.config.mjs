// `npm run analyze` regenerates custom-elements.json from the components' JSDoc.

/** `src/x/y.ts` as the file the package ships for it, `dist/esm/x/y.js` (what `tsc -p tsconfig.build.json` writes). */
const shipped = (path) => path.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/esm/$1.js');

/** Every module path in the manifest (modules, exports, superclasses, inherited members), in place. */
const pointAtShipped = (node) => {
  if (Array.isArray(node)) return node.forEach(pointAtShipped);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shipped(value);
    else pointAtShipped(value);
  }
};

export default {
  // define.ts files too: their `customElements.define` calls are the manifest's `custom-element-definition` exports.
  globs: ['src/components/**/*.ts', 'src/events/*.ts'],
  // events/index.ts only re-exports the event modules (for the define entries' types): nothing to describe.
  exclude: ['src/**/*.styles.ts', 'src/events/index.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json already; never let a check run rewrite it.
  packagejson: false,
  plugins: [
    {
      // Lit's `state: true` in `static properties` is internal state, never an attribute (Lit sets `attribute: false`
      // for it); the analyzer's Lit support reads only `attribute: false`, and would list each one as an attribute.
      name: 'lit-internal-state',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isClassDeclaration(node)) return;
        const declaration = moduleDoc.declarations?.find((d) => d.name === node.name?.getText());
        const properties = node.members.find(
          (m) =>
            ts.isPropertyDeclaration(m) &&
            m.name.getText() === 'properties' &&
            m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword),
        )?.initializer;
        if (!declaration || !properties || !ts.isObjectLiteralExpression(properties)) return;
        for (const entry of properties.properties) {
          const options = ts.isPropertyAssignment(entry) ? entry.initializer : undefined;
          const internal =
            options &&
            ts.isObjectLiteralExpression(options) &&
            options.properties.some(
              (o) =>
                ts.isPropertyAssignment(o) &&
                o.name.getText() === 'state' &&
                o.initializer.kind === ts.SyntaxKind.TrueKeyword,
            );
          if (!internal) continue;
          const name = entry.name.getText();
          declaration.attributes = declaration.attributes?.filter((a) => a.fieldName !== name);
          for (const member of declaration.members ?? []) if (member.name === name) delete member.attribute;
        }
      },
    },
    {
      // The analyzer lists modules in the order its glob returns files, which is not guaranteed; a
      // staleness check needs the same bytes for the same sources (it failed once in CI on order alone).
      name: 'stable-module-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
    {
      // The sources are not shipped: tools that follow a module path (IDEs, the framework generators) must land
      // on the JavaScript and its .d.ts in the package.
      name: 'shipped-module-paths',
      packageLinkPhase({ customElementsManifest }) {
        pointAtShipped(customElementsManifest.modules);
      },
    },
  ],
};
