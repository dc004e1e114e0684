import type { LocaleModule } from '@lit/localize';
import type { TargetLocale } from './locale-loaders.js';

// The script tag's languages (vite.config.ts swaps `locale-loaders.ts` for this module): each is two files beside
// the script, the strings of the join button and the room (`locales/<lang>.js`) and those only the picker uses
// (`locales/<lang>-picker.js`, scripts/vite-locale-split.mjs), so that a page that only joins never downloads the
// picker's. The second comes where a picker is, or joins a loaded language before a picker is defined.

type Templates = LocaleModule['templates'];

const TAG = 'appointment-picker';
const pickerOnPage = () => customElements.get(TAG) !== undefined || document.querySelector(TAG) !== null;

const strings: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: () => import('../locales/de.js'),
  fr: () => import('../locales/fr.js'),
  it: () => import('../locales/it.js'),
  nl: () => import('../locales/nl.js'),
};
const pickerStrings: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: () => import('vc-locale-picker:de'),
  fr: () => import('vc-locale-picker:fr'),
  it: () => import('vc-locale-picker:it'),
  nl: () => import('vc-locale-picker:nl'),
};

/** Per language loaded: the object @lit/localize reads its strings from, and whether the picker's are in it. */
const loaded = new Map<TargetLocale, { templates: Templates; picker: boolean }>();

/** The picker's strings of `locale`; a failure leaves the picker in English and says so once in the console. */
const loadPicker = (locale: TargetLocale): Promise<Templates> =>
  pickerStrings[locale]().then(
    (module) => module.templates,
    (error: unknown) => {
      console.warn(`video-consult-elements: <${TAG}> stays in English: ${String(error)}`);
      return {};
    },
  );

const load = (locale: TargetLocale) => async (): Promise<LocaleModule> => {
  const picker = pickerOnPage();
  const [own, extra] = await Promise.all([strings[locale](), picker ? loadPicker(locale) : {}]);
  const templates = { ...own.templates, ...extra };
  loaded.set(locale, { templates, picker });
  return { templates };
};

export const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: load('de'),
  fr: load('fr'),
  it: load('it'),
  nl: load('nl'),
};

/** Before `<appointment-picker>` is defined: its strings join every language loaded without them. */
export const loadPickerStrings = (): Promise<unknown> =>
  Promise.all(
    [...loaded].map(async ([locale, entry]) => {
      if (entry.picker) return;
      entry.picker = true;
      // The same object @lit/localize holds: the picker's first render finds its strings there.
      Object.assign(entry.templates, await loadPicker(locale));
    }),
  );
