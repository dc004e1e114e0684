/**
 * The language of `supported` that a BCP 47 tag names by its primary subtag (`de-CH` -> `de`, case-insensitive);
 * undefined when none does. The server's texts (the sandbox room page, the calendar file) and a vendor's language
 * field choose by it.
 */
export const supportedLanguage = <L extends string>(
  tag: string | undefined,
  supported: readonly L[],
): L | undefined => {
  const primary = tag?.toLowerCase().split('-')[0];
  return supported.find((language) => language === primary);
};
