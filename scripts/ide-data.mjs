// IDE data and framework typings generated from custom-elements.json with the maintained generators, into ide/
// (shipped): VS Code custom data (HTML and CSS), JetBrains web-types (package.json names web-types.json under
// `web-types`), React 19 JSX typings (`ide/react.d.ts`, the package's `video-consult-elements/react` types entry)
// and Vue's GlobalComponents (`ide/vue.d.ts`, `video-consult-elements/vue`).
// `npm run analyze` runs it after the analyzer; `node scripts/check-manifest.mjs` checks that ide/ is fresh.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateJetBrainsWebTypes } from 'custom-element-jet-brains-integration';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

// The typings take the element and event classes from the package's main entry (relative to ide/).
const TYPES_FROM = '../dist/esm/index.js';

// React 19 reads custom elements' props from React.JSX (there is no global JSX namespace any more); the JSX
// generator leaves that augmentation to its user (its README), so it is added here once for every app.
const REACT_AUGMENTATION = `
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
`;

/**
 * Two mechanical fixes to the generators' output, the same for both:
 * - they take an event's manifest type as its `detail` (`CustomEvent<T>`), but ours names the event class
 *   itself (`RoomJoinedEvent extends CustomEvent<RoomLifecycleDetail>`): the handler gets that class;
 * - they import a class once per element that uses it (`ConsultErrorEvent` three times): once is enough.
 */
function fixTypings(text, manifest) {
  const eventClasses = new Set(
    manifest.modules.flatMap((m) =>
      (m.declarations ?? []).flatMap((d) => (d.events ?? []).map((e) => e.type?.text).filter(Boolean)),
    ),
  );
  return text
    .replace(/CustomEvent<(\w+)>/g, (whole, name) => (eventClasses.has(name) ? name : whole))
    .replace(/import type \{([^}]*)\} from/g, (_, names) => {
      const unique = [...new Set(names.split(',').map((n) => n.trim()))].filter(Boolean);
      return `import type { ${unique.join(', ')} } from`;
    });
}

const camelize = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());

/**
 * Two more for Vue, whose templates check components' props strictly (vue-tsc `strictTemplates`) by their
 * camelCase names:
 * - `join-role` is the prop `joinRole` and `@vc-joined` is `onVcJoined` to Vue (the generator keeps the
 *   attribute names and writes React's `onvc-joined`);
 * - an element takes the HTML attributes too (`id`, `class`, …), Vue's own `HTMLAttributes`.
 */
function fixVueTypings(text) {
  return text
    .replace(/(['"])on(vc-[\w-]+)\1\?:/g, (_, _q, name) => {
      const camel = camelize(name);
      return `on${camel[0].toUpperCase()}${camel.slice(1)}?:`;
    })
    .replace(/^(\s*)(['"])([a-z][\w-]*)\2\?:/gm, (_, indent, _q, name) => `${indent}${camelize(name)}?:`)
    .replace(/DefineComponent<(\w+Props)>/g, 'DefineComponent<$1 & HTMLAttributes>')
    .replace(
      /import type \{ DefineComponent \} from (['"])vue\1;/,
      "import type { DefineComponent, HTMLAttributes } from 'vue';",
    );
}

/** Writes the IDE data and typings of `manifest` (default: custom-elements.json) into `outdir`. */
export function writeIdeData(
  outdir = 'ide',
  manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')),
) {
  generateVsCodeCustomElementData(manifest, {
    outdir,
    htmlFileName: 'vscode.html-custom-data.json',
    cssFileName: 'vscode.css-custom-data.json',
    hideLogs: true,
  });
  generateJetBrainsWebTypes(manifest, {
    outdir,
    webTypesFileName: 'web-types.json',
    hideLogs: true,
  });
  generateJsxTypes(manifest, { outdir, fileName: 'react.d.ts', globalTypePath: TYPES_FROM, hideLogs: true });
  generateVuejsTypes(manifest, { outdir, fileName: 'vue.d.ts', globalTypePath: TYPES_FROM, hideLogs: true });
  const react = join(outdir, 'react.d.ts');
  writeFileSync(react, fixTypings(readFileSync(react, 'utf8'), manifest) + REACT_AUGMENTATION);
  const vue = join(outdir, 'vue.d.ts');
  writeFileSync(vue, fixVueTypings(fixTypings(readFileSync(vue, 'utf8'), manifest)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  writeIdeData(process.argv[2]);
