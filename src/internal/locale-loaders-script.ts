import type { LocaleModule } from '@lit/localize';
import type { TargetLocale } from './locale-loaders.js';

// The script-tag bundle is one classic script; inlining every language would make each patient download
// all five. Instead it loads `locales/<lang>.js` (ES modules built beside it) only when a page asks for that
// language. `document.currentScript` is only set while the script first runs, so it is read now.
const script = document.currentScript as HTMLScriptElement | null;

/** `<script src=… data-locales="https://cdn.example/vc/1.4.0/locales/">`: the page names the folder itself. */
const named = script?.dataset.locales?.trim();
const namedBase = named ? new URL(named.endsWith('/') ? named : `${named}/`, document.baseURI) : undefined;

/**
 * Without `data-locales` the folder is beside the script, and where that is depends on how it was loaded:
 * - a relative `import()` resolves against the URL the script was really served from, after redirects
 *   (a CDN's `/latest/` alias), but Chromium only allows that for a same-origin script or one loaded with
 *   `crossorigin`; from any other cross-origin script it fails to resolve at once, without a request;
 * - `currentScript.src` is the URL as written on the page, before redirects: the fallback for that case.
 */
const beside = (locale: TargetLocale): Promise<LocaleModule> => {
  const specifier = `./locales/${locale}.js`;
  return (import(/* @vite-ignore */ specifier) as Promise<LocaleModule>).catch(() =>
    importFrom(new URL(`locales/${locale}.js`, script?.src || document.baseURI)),
  );
};

const importFrom = (url: URL) => import(/* @vite-ignore */ url.href) as Promise<LocaleModule>;

const load = (locale: TargetLocale) => (): Promise<LocaleModule> =>
  (namedBase ? importFrom(new URL(`${locale}.js`, namedBase)) : beside(locale)).catch(() => {
    const where = namedBase
      ? `${namedBase.href}${locale}.js`
      : `locales/${locale}.js beside video-consult.js`;
    throw new Error(
      `could not load ${where}. Serve the locales/ folder with the script; from another origin it needs ` +
        `Access-Control-Allow-Origin, and behind a redirect the script tag needs crossorigin or ` +
        `data-locales="<URL of the locales folder>".`,
    );
  });

export const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: load('de'),
  fr: load('fr'),
  it: load('it'),
  nl: load('nl'),
};
