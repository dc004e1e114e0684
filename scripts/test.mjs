// `npm test`: every check and every test suite, then one closing line `N passed, N failed`.
// Order: static checks (types, lint, format, manifest), build (the e2e tests use the real bundle and
// CLI), the packed package (publint, attw), server tests, browser tests in Chromium, end-to-end tests in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

const chrome = ensureChromium();
process.env.CHROME_PATH = chrome;

const totals = { passed: 0, failed: 0 };
const failedSteps = [];

function step(name, cmd, args, results) {
  console.log(`\n=== ${name}`);
  if (results) rmSync(results, { force: true });
  const { status } = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (results) {
    const counts = existsSync(results) ? readCounts(results) : { passed: 0, failed: 1 };
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    rmSync(results, { force: true });
  }
  if (status !== 0) failedSteps.push(name);
}

function readCounts(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  // vitest's JSON reporter, or our web-test-runner counting reporter
  if ('numPassedTests' in data) return { passed: data.numPassedTests, failed: data.numFailedTests };
  return data;
}

const npx = (bin, ...args) => ['node_modules/.bin/' + bin, args];
step('types', ...npx('tsc', '--noEmit', '-p', 'tsconfig.json'));
step('lint', ...npx('eslint', '--max-warnings', '0', '.'));
step('format', ...npx('prettier', '--check', '--log-level', 'warn', '.'));
step('manifest', 'node', ['scripts/check-manifest.mjs']);
step('build', 'npm', ['run', '-s', 'build']);
step('bundle size', 'node', ['scripts/size.mjs']);
step('package (publint, attw)', 'node', ['scripts/check-package.mjs']);
const vitest = (project) =>
  npx(
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    '--outputFile=.vitest-results.json',
  );
step('server tests', ...vitest('server'), '.vitest-results.json');
process.env.WTR_RESULTS = '.wtr-results.json';
step('browser tests (Chromium)', ...npx('web-test-runner'), '.wtr-results.json');
step('end-to-end tests (Chromium)', ...vitest('e2e'), '.vitest-results.json');

// CI runs a second leg before this (.ci/lts-leg.mjs: build, server and end-to-end tests on the current
// Node LTS) and names its results here, so that this closing line counts both; no results is a failure.
const extra = process.env.VC_EXTRA_RESULTS;
if (extra) {
  const leg = existsSync(extra)
    ? JSON.parse(readFileSync(extra, 'utf8'))
    : { label: 'second CI leg', passed: 0, failed: 1, failedSteps: ['no results'] };
  console.log(`\n=== ${leg.label} (ran before): ${leg.passed} passed, ${leg.failed} failed`);
  totals.passed += leg.passed;
  totals.failed += leg.failed;
  if (leg.failed || leg.failedSteps.length) failedSteps.push(leg.label);
}

console.log(`\n${failedSteps.length ? `Failed steps: ${failedSteps.join(', ')}` : 'All steps passed.'}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
