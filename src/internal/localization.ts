import { configureLocalization } from '@lit/localize';
import { loaders, type TargetLocale } from './locale-loaders.js';
import { allLocales, sourceLocale, targetLocales } from '../locales/locale-codes.js';

type Controls = ReturnType<typeof configureLocalization>;
let controls: Controls | null | undefined;
/** Locales whose failure was already written to the console: one warning per language and page. */
const warned = new Set<string>();

/**
 * @lit/localize keeps one active locale per JavaScript realm and may be configured only once. Configure it on
 * first use, not at import, so that merely importing the package has no side effects; if the page's own app has
 * configured it already, keep out of its way (our strings then render in English).
 */
const localization = (): Controls | null => {
  if (controls === undefined) {
    try {
      controls = configureLocalization({
        sourceLocale,
        targetLocales,
        loadLocale: (locale) => loaders[locale as TargetLocale](),
      });
    } catch {
      controls = null;
    }
  }
  return controls;
};

/**
 * Configures @lit/localize now (the script tag's first file does, before any chunk runs): configuring replaces its
 * `msg`, and a chunk reads the shared `msg` once, when it is evaluated (scripts/vite-script-chunks.mjs).
 */
export const startLocalization = (): void => void localization();

/** The locale our strings render in now (for `Intl` formats that should match them); English when unconfigured. */
export const activeLocale = (): string => localization()?.getLocale() ?? sourceLocale;

/** The supported locale for a BCP 47 tag: exact match, then its language alone (`de-CH` -> `de`), else English. */
export const matchLocale = (tag: string): string => {
  const wanted = tag.trim().toLowerCase();
  const language = wanted.split('-')[0];
  return (
    allLocales.find((locale) => locale.toLowerCase() === wanted) ??
    allLocales.find((locale) => locale === language) ??
    sourceLocale
  );
};

/** The language the page declares for `element`: its closest `[lang]`, looking out through shadow roots. */
export const declaredLanguage = (element: Element): string => {
  for (let node: Element | undefined = element; node;) {
    const marked = node.closest('[lang]');
    if (marked) return marked.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return document.documentElement.lang;
};

/**
 * Switches the page-wide locale to the one declared for `element`. There is one active locale per page: when
 * elements sit under different `lang`s, the last one connected wins. A locale that fails to load leaves the
 * previous one active; `onUnavailable` then runs (for every element that asked), and the console says once
 * why, so that a page whose `locales/` folder is missing or blocked does not silently turn English.
 * Resolves when the switch is done or has failed; never rejects.
 */
export const followDeclaredLocale = async (
  element: Element,
  onUnavailable: (locale: string) => void,
): Promise<void> => {
  const locale = matchLocale(declaredLanguage(element));
  try {
    await localization()?.setLocale(locale);
  } catch (error) {
    if (!warned.has(locale)) {
      warned.add(locale);
      console.warn(
        `video-consult-elements: the "${locale}" strings are unavailable, so the elements keep their ` +
          `current language: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    onUnavailable(locale);
  }
};
