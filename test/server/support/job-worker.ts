import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createJobRunner } from '../../../src/server/jobs/runner.js';
import { createLogger } from '../../../src/server/logger.js';
import { createSqliteStore } from '../../../src/server/store/sqlite.js';

/**
 * A job runner in a thread of its own (its own SQLite connection, truly in parallel with others): it
 * reports every job it runs, waits for "go", runs what is due, and reports how many it ran.
 */
const { path, now } = workerData as { path: string; now: number };
const store = createSqliteStore(path, { dataKey: randomBytes(32), synchronous: 'normal' });
const runner = createJobRunner({
  store: store.jobs,
  now: () => new Date(now),
  logger: createLogger('silent'),
  concurrency: 2,
  handlers: {
    webhook: async (job) => {
      parentPort!.postMessage({ ran: job.id });
      await new Promise((resolve) => setImmediate(resolve));
    },
  },
});
parentPort!.once('message', () => {
  runner
    .runDue()
    .then((count) => parentPort!.postMessage({ count }))
    .catch((error: unknown) => parentPort!.postMessage({ error: String(error) }))
    .finally(() => void store.close());
});
parentPort!.postMessage({ ready: true });
