import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../../lit-localize.json' with { type: 'json' };

// Every string the elements show must exist in every shipped language: a missing <target> would show
// English in the middle of a German page. Placeholders must survive translation unchanged.
const units = (xml: string) =>
  [
    ...xml.matchAll(
      /<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>\s*(?:<target>([\s\S]*?)<\/target>)?/g,
    ),
  ].map(([, id, source, target]) => ({ id: id!, source: source!, target }));
const placeholders = (s: string) => [...s.matchAll(/<x id="(\d+)"/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('ships the five languages of the seed vendors’ markets', () => {
    expect([config.sourceLocale, ...config.targetLocales].sort()).toEqual(['de', 'en', 'fr', 'it', 'nl']);
  });

  for (const locale of config.targetLocales) {
    it(`${locale}: every string is translated, with its placeholders`, () => {
      const all = units(readFileSync(`src/locales/xliff/${locale}.xlf`, 'utf8'));
      expect(all.length).toBeGreaterThan(20);
      const missing = all.filter((u) => !u.target?.trim()).map((u) => u.source);
      expect(missing).toEqual([]);
      for (const u of all) expect(placeholders(u.target!), u.source).toEqual(placeholders(u.source));
      // and the generated runtime module carries them all
      const generated = readFileSync(`src/locales/${locale}.ts`, 'utf8');
      for (const u of all) expect(generated, u.id).toContain(`'${u.id}'`);
    });
  }
});
