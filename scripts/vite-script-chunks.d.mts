import type { Plugin } from 'vite';

export declare const scriptChunks: (options: {
  /** The entry's file name (`video-consult.js`). */
  entry: string;
  /** The package version: the key of the shared object. */
  version: string;
  /** Filled at the end of the build's module graph: the modules the entry reaches statically. */
  inEntry: Set<string>;
  /** A chunk of shared code: `ids` is filled with what the module matching `root` reaches that the entry does not. */
  shared?: { root: RegExp; ids: Set<string> };
}) => Plugin;
