// Vite plugin for the script tag's files. Rolldown splits the build into ES modules: the entry (Lit, the join
// button, the room's element and everything the other chunks share with them) and chunks imported on demand
// (the room's flow, the picker, each language). A page loads the entry with a classic <script>, which cannot be
// imported from, so this plugin
// - wraps the entry in a function, and turns its `export { … }` into an object of getters on `globalThis`, made
//   first thing, under a key of this version (`Symbol.for("video-consult-elements@<version>")`);
// - turns every chunk's `import { … } from "…/video-consult.js"` into a read of that object;
// - turns the entry's `import("./…")` into `__importChunk("./…")` (src/internal/chunk-loader.ts), which finds
//   the chunk beside the script, wherever that was served from.
// Chunks that share code the entry does not have import each other as ordinary ES modules. A chunk reads each
// shared binding once, when it runs: a binding the entry reassigns later (an `export let`, as @lit/localize's
// `msg` before `configureLocalization`) must be settled before any chunk loads (src/bundle.ts sees to `msg`).
// `CHUNK_SIZES=1 npx vite build --minify false` lists the largest modules of each file.

/** `a as b, c` -> `[["a", "b"], ["c", "c"]]`: the names of an import or export list, outside and inside. */
const specifiers = (list) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [from, to = from] = s.split(/\s+as\s+/);
      return [from, to];
    });

/**
 * `export { a as b, c }` -> `get b() { return a }, get c() { return c }`: getters, so that the object can be
 * published before the entry's code runs. A chunk that needs only what was evaluated (a language needs `str`, not
 * Lit) then works even when the rest of the entry stopped (a Content Security Policy that refuses Lit's Trusted
 * Types policy).
 */
const exportEntries = (list) =>
  specifiers(list)
    .map(([local, exported]) => `get ${JSON.stringify(exported)}() { return ${local}; }`)
    .join(', ');

/** `import { a as b, c }` -> `a: b, c` (a destructuring pattern, `imported: local`). */
const importPattern = (list) =>
  specifiers(list)
    .map(([imported, local]) => (imported === local ? local : `${JSON.stringify(imported)}: ${local}`))
    .join(', ');

/** @returns {import('vite').Plugin} */
export const scriptChunks = ({ entry, version, inEntry, shared }) => {
  const key = `globalThis[Symbol.for(${JSON.stringify(`video-consult-elements@${version}`)})]`;
  const entryImport = new RegExp(
    String.raw`import\s*(?:\{([^}]*)\}\s*from\s*)?["'](?:\.\.?\/)+${entry.replace('.', '\\.')}["'];?`,
    'g',
  );
  return {
    name: 'video-consult:script-chunks',
    apply: 'build',
    // The modules the entry reaches statically: vite.config.ts puts them all into the entry (a code-splitting
    // group), else Rolldown may move code the entry shares with a chunk into a third file, which the classic
    // script could not import.
    buildEnd() {
      const entryId = [...this.getModuleIds()].find((id) => this.getModuleInfo(id)?.isEntry);
      const visit = (id) => {
        if (inEntry.has(id)) return;
        inEntry.add(id);
        for (const next of this.getModuleInfo(id)?.importedIds ?? []) visit(next);
      };
      visit(entryId);
      // A chunk of shared code (the join button's network side, which the room's steps and the picker use too):
      // what its module reaches that the entry does not have, in one file of a stable name (vite.config.ts).
      if (!shared) return;
      const root = [...this.getModuleIds()].find((id) => shared.root.test(id));
      const reach = (id) => {
        if (inEntry.has(id) || shared.ids.has(id)) return;
        shared.ids.add(id);
        for (const next of this.getModuleInfo(id)?.importedIds ?? []) reach(next);
      };
      if (root) reach(root);
    },
    generateBundle(_options, bundle) {
      if (!process.env.CHUNK_SIZES) return;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const rows = Object.entries(chunk.modules).sort((a, b) => b[1].renderedLength - a[1].renderedLength);
        console.log(`\n${chunk.fileName}`);
        for (const [id, m] of rows.slice(0, 40))
          console.log(
            `  ${String(m.renderedLength).padStart(7)} ${id.replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/')}`,
          );
      }
    },
    renderChunk(code, chunk) {
      if (chunk.fileName === entry) {
        const exports = /\nexport\s*\{([^}]*)\};?\s*$/.exec(code);
        if (!exports) throw new Error(`${entry}: no export statement to share`);
        const statics = /^import\s*[\w{*"'].*$/m.exec(code.slice(0, exports.index));
        if (statics) {
          throw new Error(
            `${entry} imports another chunk statically (${statics[0]}): a classic script cannot`,
          );
        }
        const shared = `{ ${exportEntries(exports[1])} }`;
        const loader = /(?:^|,)\s*([\w$]+)\s+as\s+__importChunk\s*(?:,|$)/.exec(exports[1])?.[1];
        if (!loader) throw new Error(`${entry} does not export __importChunk`);
        // Only the bundler's own imports of chunks (a literal "./…"), not the loader's import of a computed URL.
        const body = code.slice(0, exports.index).replace(/\bimport\((["']\.\/)/g, `${loader}($1`);
        return {
          code: `(function () {\n${key} ??= ${shared};\n${body}\n})();\n`,
          map: null,
        };
      }
      const rewritten = code.replace(entryImport, (_all, list) =>
        list ? `const { ${importPattern(list)} } = ${key};` : '',
      );
      return { code: rewritten, map: null };
    },
  };
};
