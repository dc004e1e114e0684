import { ConsultErrorEvent } from '../events/error.js';
import { setupMessage } from './early-messages.js';

/**
 * Loads the module that defines `tag` as soon as the page has such an element (now, or when one is added): the
 * script tag's way of defining an element whose code only the pages that use it download. An element made by
 * script counts once it is in the document; one inside another component's shadow root is not seen.
 */
export const defineWhenPresent = (tag: string, load: () => Promise<unknown>): void => {
  const start = () => {
    observer.disconnect();
    void load().catch((error: unknown) => {
      console.warn(`video-consult-elements: <${tag}> cannot start: ${String(error)}`);
      // The page's `vc-error` listener hears it from each such element (not shown: the element has no code).
      const code = 'chunk-unavailable';
      for (const element of document.querySelectorAll(tag)) {
        element.dispatchEvent(new ConsultErrorEvent({ code, message: setupMessage() }));
      }
    });
  };
  const has = (node: Node) =>
    node instanceof Element && (node.localName === tag || node.querySelector(tag) !== null);
  const observer = new MutationObserver((records) => {
    if (records.some((record) => [...record.addedNodes].some(has))) start();
  });
  if (customElements.get(tag)) return;
  if (document.querySelector(tag)) start();
  else observer.observe(document, { childList: true, subtree: true });
};
