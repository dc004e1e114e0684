/** `sha384-…` of `bytes`, as the `integrity` attribute takes it. */
export declare const sri: (bytes: Uint8Array) => string;
/** Paths (relative to dist/, `/`-separated, sorted) of the files a `<script>` page may load. */
export declare const scriptFiles: (dist?: string) => string[];
