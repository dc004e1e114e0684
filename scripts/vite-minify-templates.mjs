// Vite plugin for the script-tag bundle: drops the indentation of Lit's html`` templates and the indentation, line
// breaks, comments, leading zeros and optional spaces and quotes of its css`` templates. The minifier leaves template
// literals alone, and in this bundle they were ~10 % of the bytes. Only what HTML and CSS ignore is removed. HTML templates keep their line breaks (a text node's white space is the page's to see); CSS loses them
// (the build writes no source map that would point at lines: vite.config.ts, `sourcemap: false`).
// Templates passed to msg() are left as they are: @lit/localize finds a translation by a hash of them.

/** Whitespace at the start of each line, which HTML collapses anyway. */
export const minifyHtml = (text) => text.replace(/\n[ \t]+/g, '\n');

/**
 * CSS without comments, indentation, line breaks (a space where one separates words), spaces around `{ } : ; ,`,
 * or quotes around an attribute selector's value that is a plain word (`[part~='time']` -> `[part~=time]`).
 */
export const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    // `a: b` in declarations and media queries; a space before a colon (`:host :focus`) is a combinator.
    .replace(/: /g, ':')
    // `0.5em` -> `.5em`.
    .replace(/([ :,(])0\.(\d)/g, '$1.$2')
    // A CSS identifier needs no quotes: a letter, `_` or `-` and a letter first (not `'-1'`, not `'a b'`).
    .replace(/=(['"])(-?[A-Za-z_][\w-]*)\1\]/g, '=$2]');

const MINIFIERS = { html: minifyHtml, svg: minifyHtml, css: minifyCss };

const isMsgCall = (node) => node?.type === 'CallExpression' && node.callee?.name === 'msg';

/** @returns {import('vite').Plugin} */
export const minifyTemplates = () => ({
  name: 'video-consult:minify-templates',
  apply: 'build',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css|svg)`/.test(code)) return null;
    const edits = [];
    const walk = (node, parent) => {
      if (!node || typeof node.type !== 'string') return;
      if (
        node.type === 'TaggedTemplateExpression' &&
        node.tag.type === 'Identifier' &&
        MINIFIERS[node.tag.name] &&
        !isMsgCall(parent)
      ) {
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const out = MINIFIERS[node.tag.name](raw);
          if (out !== raw) edits.push([quasi.start, quasi.end, out]);
        }
      }
      for (const key of Object.keys(node)) {
        const child = node[key];
        if (Array.isArray(child)) for (const c of child) walk(c, node);
        else if (child && typeof child === 'object' && key !== 'parent') walk(child, node);
      }
    };
    walk(this.parse(code), undefined);
    if (!edits.length) return null;
    let out = code;
    for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) {
      out = out.slice(0, start) + text + out.slice(end);
    }
    // Only whitespace inside templates went, and no line was removed: the existing map stays valid
    // to the line (columns after a shortened line within a template shift a little).
    return { code: out, map: null };
  },
});
