import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { minifyTemplates } from '../../scripts/vite-minify-templates.mjs';

type Transform = (this: { parse: typeof parseAst }, code: string, id: string) => { code: string } | null;
const transform = (code: string) =>
  (minifyTemplates() as unknown as { transform: Transform }).transform.call(
    { parse: parseAst },
    code,
    '/x/src/a.ts',
  )?.code ?? code;

describe('template minifier of the script-tag bundle', () => {
  it('drops what CSS ignores and keeps what it reads', () => {
    const source = [
      'const s = css`',
      '  /* why */',
      '  :host :focus-visible,',
      '  a > b {',
      '    inline-size: calc(100% - 0.5px);',
      '    margin: 0.5em 10.5em;',
      '    font-family: var(--f, inherit);',
      '  }',
      '  @media (forced-colors: active) {',
      "    [part~='x'] { color: GrayText; }",
      '  }',
      "  [tabindex='-1'],",
      '  [title="a b"] {',
      '    outline: none;',
      '  }',
      '`;',
    ].join('\n');
    expect(transform(source)).toBe(
      'const s = css` :host :focus-visible,a > b{inline-size:calc(100% - .5px);margin:.5em 10.5em;font-family:var(--f,inherit);}' +
        '@media (forced-colors:active){[part~=x]{color:GrayText;}}[tabindex=\'-1\'],[title="a b"]{outline:none;}`;',
    );
  });

  it('drops the indentation of html templates, not their expressions or words', () => {
    const source =
      'const t = html`\n    <p class="a  b">\n      ${x ? html`\n        <b>one  two</b>` : y}\n    </p>`;';
    expect(transform(source)).toBe(
      'const t = html`\n<p class="a  b">\n${x ? html`\n<b>one  two</b>` : y}\n</p>`;',
    );
  });

  it('leaves templates given to msg() alone: their text is their translation id', () => {
    const source = 'const m = msg(html`\n    <b>Hello</b>`);';
    expect(transform(source)).toBe(source);
  });
});
