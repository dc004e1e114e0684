// Install size and package count of each of the two packages (issue 13), as a user's `npm install <tarball>`
// brings them (from the npm cache, `--prefer-offline`), in a fresh scratch project each run.
// - video-consult-elements: RUNS (default 3) installs, scripts as npm runs them;
// - video-consult-server: RUNS installs with better-sqlite3's native module reused from this repository
//   (scripts/packed-install.mjs), plus, with FULL=1, one real install that compiles it (minutes here: no prebuilt
//   binary can be downloaded on this machine);
// - baseline, same run: both tarballs in one project, which is what the single package before the split
//   installed (its dependencies were both packages' dependencies), native module reused likewise.
// Packages: entries in the project's package-lock.json; MB: bytes of the files under node_modules.
// Time: ms of `npm install`, min / median / max.
import { rmSync } from 'node:fs';
import { installInto, measureInstall, megabytes, packBoth } from '../scripts/packed-install.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const packed = packBoth();
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return { min: s[0], median: s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2, max: s.at(-1) };
};

const measure = (label, tarballs, options) => {
  const times = [];
  let install;
  for (let run = 0; run < RUNS; run += 1) {
    const { project, ms } = installInto(packed.dir, `${label}-${run}`, tarballs, options);
    times.push(ms);
    install = measureInstall(project);
    rmSync(project, { recursive: true, force: true });
  }
  const { min, median, max } = stats(times);
  console.log(
    `  ${label}: ${install.packages} packages, ${megabytes(install.bytes)} MB, install scripts: ${install.installScripts.length}, ` +
      `native files: ${install.native.length}; npm install ms min ${min.toFixed(0)} / median ${median.toFixed(0)} / max ${max.toFixed(0)}`,
  );
  return { ...install, median };
};

try {
  console.log(`npm install of the packed tarballs, ${RUNS} runs each:`);
  const elements = measure('video-consult-elements', [packed.elements]);
  const server = measure('video-consult-server (native module reused)', [packed.server], {
    reuseNative: true,
  });
  const both = measure(
    'baseline: both (the single package before the split)',
    [packed.elements, packed.server],
    {
      reuseNative: true,
    },
  );
  const ratio = (a, b) => (a / b).toFixed(2);
  console.log(
    `  elements / baseline: packages ${ratio(elements.packages, both.packages)}, MB ${ratio(elements.bytes, both.bytes)}, ` +
      `time ${ratio(elements.median, both.median)}`,
  );
  console.log(
    `  server / baseline: packages ${ratio(server.packages, both.packages)}, MB ${ratio(server.bytes, both.bytes)}, ` +
      `time ${ratio(server.median, both.median)}`,
  );
  if (process.env.FULL === '1') {
    const { project, ms } = installInto(packed.dir, 'server-full', [packed.server]);
    const install = measureInstall(project);
    console.log(
      `  video-consult-server, real install (compiles better-sqlite3): ${install.packages} packages, ` +
        `${megabytes(install.bytes)} MB, ${(ms / 1000).toFixed(0)} s (one run)`,
    );
  }
} finally {
  rmSync(packed.dir, { recursive: true, force: true });
}
