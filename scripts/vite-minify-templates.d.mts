import type { Plugin } from 'vite';

export declare const minifyHtml: (text: string) => string;
export declare const minifyCss: (text: string) => string;
export declare const minifyTemplates: () => Plugin;
