import { chunkOnce } from '../../internal/chunk-once.js';
import { setupMessage } from '../../internal/early-messages.js';

/** The button's network side and the words for its failures (join-client.ts), with its join (join-button.ts). */
export type JoinClient = typeof import('./join-client.js') & typeof import('./join-button.js');

/** The two files side by side, not one after the other (join-button.ts imports join-client.ts). */
const importJoinButton = (): Promise<JoinClient> =>
  Promise.all([import('./join-client.js'), import('./join-button.js')]).then(
    ([client, { ButtonJoinController }]) => ({
      ...client,
      ButtonJoinController,
    }),
  );

const chunk = chunkOnce(importJoinButton, '<call-join-button> cannot join');

/**
 * Loads the button's network side (in the script tag's build a chunk beside the script), once for every button on
 * the page; a failed load is tried again at the next call. Rejects with `chunk-unavailable`, after saying in the
 * console why.
 */
export const loadJoinClient = chunk.load;

/** Starts loading it where a join may follow soon (near the viewport, a press); a failure waits for the join. */
export const preloadJoinClient = (): void => void loadJoinClient().catch(() => undefined);

/**
 * Fetches the network side beside a chunk that imports it (the room's steps, the picker), so that the two arrive
 * side by side rather than one after the other. Silent: a failure is that chunk's to report.
 */
export const fetchJoinClientBeside = (): void => void import('./join-client.js').catch(() => undefined);

/** The network side, if it has loaded. */
export const joinClient = chunk.loaded;

/**
 * The user-facing message for `code`. Every failure but the chunk's own comes from the chunk, so it is there to
 * word it; before it, the only failure is that it could not load (a page that cannot start the visit).
 */
export const errorMessage = (code: string): string => joinClient()?.errorMessage(code) ?? setupMessage();

/** Whether trying again can mend `code` (see error-messages.ts); a chunk that did not load needs the page fixed. */
export const retryHelps = (code: string): boolean => joinClient()?.retryHelps(code) ?? false;
