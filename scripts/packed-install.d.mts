/** A scratch folder with both packages packed into it (tarball paths). */
export declare function packBoth(): { dir: string; elements: string; server: string };
/** A new project in `parent`/`name` with `tarballs` installed (`reuseNative`: no install scripts, better-sqlite3
 * gets this repository's native module); how long it took. */
export declare function installInto(
  parent: string,
  name: string,
  tarballs: string[],
  options?: { reuseNative?: boolean },
): { project: string; ms: number };
export interface InstallMeasure {
  packages: number;
  bytes: number;
  installScripts: string[];
  native: string[];
}
/** What an install in `project` holds (packages, bytes on disk, install scripts, native files). */
export declare function measureInstall(project: string): InstallMeasure;
export declare const megabytes: (bytes: number) => string;
