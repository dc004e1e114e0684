// The script tag's first file is one classic script; the rest of the build (the room's flow, the picker, each
// language) are ES modules beside it, which it imports when a page needs them. scripts/vite-script-chunks.mjs
// turns every `import("./…")` of that file into a call of `importChunk`. `document.currentScript` is only set
// while the script first runs, so it is read now.
const script = document.currentScript as HTMLScriptElement | null;

/** A folder the page names on the script tag (`data-base`, or `data-locales` for the languages alone). */
const folder = (value: string | undefined) => {
  const named = value?.trim();
  return named ? new URL(named.endsWith('/') ? named : `${named}/`, document.baseURI) : undefined;
};
const base = folder(script?.dataset.base);
const locales = folder(script?.dataset.locales);
const LOCALE = './locales/';

const importFrom = (url: URL): Promise<unknown> => import(/* @vite-ignore */ url.href);

/**
 * Without a named folder the chunk is beside the script, and where that is depends on how it was loaded:
 * - a relative `import()` resolves against the URL the script was really served from, after redirects (a CDN's
 *   `/latest/` alias), but Chromium only allows that for a same-origin script or one loaded with `crossorigin`;
 *   from any other cross-origin script it fails at once, without a request;
 * - `currentScript.src` is the URL as written on the page, before redirects: the fallback for that case.
 */
const beside = (specifier: string): Promise<unknown> =>
  (import(/* @vite-ignore */ specifier) as Promise<unknown>).catch(() =>
    importFrom(new URL(specifier, script?.src || document.baseURI)),
  );

/** Imports `specifier` (`./chunks/….js`, `./locales/de.js`: relative to the script) from where the script came. */
export const importChunk = (specifier: string): Promise<unknown> => {
  const named =
    locales && specifier.startsWith(LOCALE)
      ? new URL(specifier.slice(LOCALE.length), locales)
      : base && new URL(specifier, base);
  return (named ? importFrom(named) : beside(specifier)).catch(() => {
    const where = named ? named.href : `${specifier.slice(2)} beside video-consult.js`;
    throw new Error(
      `could not load ${where}. Serve the chunks/ and locales/ folders with the script; from another origin ` +
        `they need Access-Control-Allow-Origin, and behind a redirect the script tag needs crossorigin or ` +
        `data-base="<URL of the folder of video-consult.js>" (data-locales="<URL of the locales folder>" for ` +
        `the languages alone).`,
    );
  });
};
