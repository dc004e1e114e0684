import type { LocaleModule } from '@lit/localize';
import type { TargetLocale } from './locale-loaders.js';

// The script-tag bundle is one classic script; inlining every language would make each patient download
// all five. Instead it loads `locales/<lang>.js` (ES modules built beside it) relative to its own URL,
// only when a page asks for that language. `document.currentScript` is only set while the script first
// runs, so the base is taken now.
const base = (document.currentScript as HTMLScriptElement | null)?.src ?? document.baseURI;

const load = (locale: TargetLocale) => (): Promise<LocaleModule> =>
  import(/* @vite-ignore */ new URL(`locales/${locale}.js`, base).href) as Promise<LocaleModule>;

export const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: load('de'),
  fr: load('fr'),
  it: load('it'),
  nl: load('nl'),
};
