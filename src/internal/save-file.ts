/** Offers `blob` as a download named `name` (a file fetched with a credential in a header, never in a URL). */
export const saveFile = (blob: Blob, name: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started by the time the click returns in every browser; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
