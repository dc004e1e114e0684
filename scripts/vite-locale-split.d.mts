import type { Plugin } from 'vite';

export declare const pickerOnlyIds: (root: string) => Set<string>;
export declare const localeSplit: (options: { root: string }) => Plugin;
