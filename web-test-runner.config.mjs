import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium.mjs';

const require = createRequire(import.meta.url);
// msw's worker script, served straight from node_modules so it always matches the installed msw.
const mswWorkerPath = require.resolve('msw/mockServiceWorker.js');

/** Counts results into a file so that `npm test` can print one closing line for all suites. */
const countingReporter = () => {
  let passed = 0;
  let failed = 0;
  const walk = (suite) => {
    for (const t of suite.tests) {
      if (t.skipped) continue;
      if (t.passed) passed++;
      else failed++;
    }
    for (const s of suite.suites) walk(s);
  };
  return {
    onTestRunFinished({ sessions }) {
      for (const s of sessions) {
        if (s.testResults) walk(s.testResults);
        else failed++;
      }
      if (process.env.WTR_RESULTS) {
        return import('node:fs').then((fs) =>
          fs.writeFileSync(process.env.WTR_RESULTS, JSON.stringify({ passed, failed })),
        );
      }
    },
  };
};

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/browser/**/*.test.ts'],
  // 'browser' is not among wtr's default export conditions; without it msw's interceptors load their Node build.
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  concurrency: 2,
  testFramework: { config: { timeout: 8000 } },
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].includes('Lit is in dev mode')),
  plugins: [
    {
      name: 'msw-worker',
      serve(context) {
        if (context.path === '/mockServiceWorker.js') {
          return readFile(mswWorkerPath, 'utf8').then((body) => ({ body, type: 'js' }));
        }
      },
    },
    // tsconfig carries useDefineForClassFields:false: class fields must not shadow Lit's reactive accessors.
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'auto' }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
      },
    }),
  ],
  reporters: [
    (await import('@web/test-runner')).defaultReporter(),
    (await import('@web/test-runner')).summaryReporter({ flatten: false }),
    countingReporter(),
  ],
};
