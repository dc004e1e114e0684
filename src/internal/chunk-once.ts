import { ConsultError } from '../client/consult-error.js';

/** A chunk of code that an element loads when it needs it (`load`), and reads at once when it has (`loaded`). */
export interface Chunk<T> {
  /** Loads it, once for every element on the page; a failed load is tried again at the next call. */
  load(): Promise<T>;
  /** The chunk, if it has loaded. */
  loaded(): T | undefined;
}

/**
 * `importChunk` (the script tag's build: a chunk beside the script, chunk-loader.ts says how it is found), loaded
 * once. A failure rejects with `chunk-unavailable`, after saying in the console why (`what` could not be done).
 */
export const chunkOnce = <T>(importChunk: () => Promise<T>, what: string): Chunk<T> => {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    load: () =>
      (loading ??= importChunk().then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = undefined;
          console.warn(`video-consult-elements: ${what}: ${String(error)}`);
          throw new ConsultError('chunk-unavailable', { cause: error });
        },
      )),
    loaded: () => loaded,
  };
};
