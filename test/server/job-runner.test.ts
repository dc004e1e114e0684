import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJobRunner, type JobRunnerOptions } from '../../src/server/jobs/runner.js';
import { PermanentJobError, type Job, type JobHandler } from '../../src/server/jobs/types.js';
import { createLogger } from '../../src/server/logger.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { ConsultStore } from '../../src/server/store/types.js';
import { createPgStore } from '../../src/server/store/pg.js';
import { ENGINES, freshPgDatabase, openStore, type Engine } from './support/engines.js';
import { testServer } from '../support/server.js';

const T0 = Date.UTC(2026, 10, 30, 9);
let t = T0;
const now = () => new Date(t);
const stores: { close(): Promise<void> }[] = [];
let dir: string | undefined;

const openSqlite = (path: string) => {
  const store = createSqliteStore(path, { dataKey: randomBytes(32), synchronous: 'normal' });
  stores.push(store);
  return store;
};
/** A store on a fresh database of `engine`, closed (and dropped) after the test. */
const openOn = async (engine: Engine) => {
  const opened = await openStore(engine);
  stores.push(opened);
  return opened.store;
};
const runner = (store: ConsultStore, options: Partial<JobRunnerOptions> = {}) =>
  createJobRunner({
    store: store.jobs,
    now,
    logger: createLogger('silent'),
    random: () => 0,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    ...options,
  });
const webhook = (id: string) => ({ id, kind: 'webhook' as const, payload: { type: 'test' }, runAt: now() });

/** A promise and its resolver. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

afterEach(async () => {
  t = T0;
  for (const store of stores.splice(0)) await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.each(ENGINES)('job runner (%s)', (engine) => {
  it('runs a due job once and marks it done', async () => {
    const store = await openOn(engine);
    const handler = vi.fn<JobHandler>(async () => {});
    const jobs = runner(store, { handlers: { webhook: handler } });
    await store.jobs.enqueue(webhook('j1'), now());
    // Not yet due: nothing runs.
    await store.jobs.enqueue({ ...webhook('j2'), runAt: new Date(t + 1000) }, now());

    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.runDue()).toBe(0);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toMatchObject({ id: 'j1', attempts: 1, status: 'running' });
    expect(await store.jobs.get('j1')).toMatchObject({ status: 'done', finishedAt: now(), leaseUntil: null });
    expect((await store.jobs.get('j2'))!.status).toBe('queued');
  });

  it('enqueues idempotently by dedupe key', async () => {
    const store = await openOn(engine);
    expect(await store.jobs.enqueue({ ...webhook('a'), dedupeKey: 'k' }, now())).toBe(true);
    expect(await store.jobs.enqueue({ ...webhook('b'), dedupeKey: 'k' }, now())).toBe(false);
    expect((await store.jobs.findByDedupeKey('k'))!.id).toBe('a');
    expect(await store.jobs.list()).toHaveLength(1);
  });

  it('retries a failed job after an exponential backoff, then completes it', async () => {
    const store = await openOn(engine);
    let calls = 0;
    const jobs = runner(store, {
      handlers: {
        webhook: async () => {
          calls++;
          if (calls <= 2) throw Object.assign(new Error('receiver said 500'), { code: 'webhook-status-500' });
        },
      },
    });
    await store.jobs.enqueue(webhook('j'), now());

    await jobs.runDue();
    // First failure: baseMs/2 + jitter (0 here) = 5 s.
    expect(await store.jobs.get('j')).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'webhook-status-500',
      runAt: new Date(T0 + 5000),
    });
    t = T0 + 4999;
    expect(await jobs.runDue()).toBe(0);
    t = T0 + 5000;
    expect(await jobs.runDue()).toBe(1);
    // Second failure: twice as long.
    expect((await store.jobs.get('j'))!.runAt).toEqual(new Date(t + 10_000));
    t += 10_000;
    await jobs.runDue();
    expect(calls).toBe(3);
    expect(await store.jobs.get('j')).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('caps the backoff and adds at most as much jitter again', async () => {
    const { backoffMs } = await import('../../src/server/jobs/backoff.js');
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 30].map((n) => backoffMs(n, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect(backoffMs(30, policy, () => 0.999_999)).toBe(8000);
  });

  it('takes over a job whose worker died once its lease ran out; the dead worker cannot finish it', async () => {
    const store = await openOn(engine);
    await store.jobs.enqueue(webhook('j'), now());
    // A worker claims the job and is killed: it never completes it.
    const [claimed] = await store.jobs.claim({ now: now(), leaseMs: 60_000, limit: 10, kinds: ['webhook'] });
    expect(claimed).toMatchObject({ id: 'j', status: 'running', attempts: 1 });

    const late: boolean[] = [];
    const handler = vi.fn<JobHandler>(async () => {
      // The first worker comes back to life while the job is taken over: what it says changes nothing.
      late.push(await store.jobs.fail({ id: 'j', attempt: 1 }, now(), 'late'));
      late.push(await store.jobs.retry({ id: 'j', attempt: 1 }, now(), 'late'));
      late.push(await store.jobs.complete({ id: 'j', attempt: 1 }, now()));
    });
    const jobs = runner(store, { handlers: { webhook: handler } });
    t = T0 + 59_999;
    expect(await jobs.runDue()).toBe(0);
    t = T0 + 60_000;
    expect(await jobs.runDue()).toBe(1);
    expect(handler.mock.calls[0]![0].attempts).toBe(2);
    expect(late).toEqual([false, false, false]);
    expect(await store.jobs.get('j')).toMatchObject({ status: 'done', attempts: 2, lastError: null });
  });

  it('fails a job for good on a permanent error, telling onFailed first', async () => {
    const store = await openOn(engine);
    const failed: [Job, string][] = [];
    const jobs = runner(store, {
      handlers: {
        webhook: async () => {
          throw new PermanentJobError('webhook-status-410');
        },
      },
      onFailed: async (job, code) => {
        failed.push([job, code]);
      },
    });
    await store.jobs.enqueue(webhook('j'), now());
    await jobs.runDue();
    expect(failed.map(([job, code]) => [job.id, code])).toEqual([['j', 'webhook-status-410']]);
    expect(await store.jobs.get('j')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'webhook-status-410',
      finishedAt: now(),
    });
  });

  it('fails a job for good after maxAttempts, and retries onFailed when it throws', async () => {
    const store = await openOn(engine);
    let failedCalls = 0;
    const jobs = runner(store, {
      maxAttempts: 2,
      handlers: {
        webhook: async () => {
          throw new Error('down');
        },
      },
      onFailed: async () => {
        if (++failedCalls === 1) throw new Error('database busy');
      },
    });
    await store.jobs.enqueue(webhook('j'), now());
    await jobs.runDue();
    t += 5000;
    await jobs.runDue();
    // Attempt 2 was the last: onFailed threw, so the job stays queued and is tried again.
    expect(failedCalls).toBe(1);
    expect(await store.jobs.get('j')).toMatchObject({ status: 'queued', lastError: 'on-failed-error' });
    t += 60_000;
    await jobs.runDue();
    expect(failedCalls).toBe(2);
    expect(await store.jobs.get('j')).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'handler-error',
    });
  });

  it('aborts a handler that runs past its timeout and retries the job', async () => {
    const store = await openOn(engine);
    let signal: AbortSignal | undefined;
    const jobs = runner(store, {
      timeoutMs: 20,
      handlers: {
        webhook: (_job, s) => {
          signal = s;
          return new Promise((_resolve, reject) => s.addEventListener('abort', () => reject(s.reason)));
        },
      },
    });
    await store.jobs.enqueue(webhook('j'), now());
    await jobs.runDue();
    expect(signal!.aborted).toBe(true);
    expect(await store.jobs.get('j')).toMatchObject({ status: 'queued', lastError: 'timeout' });
  });

  it('refills a free slot at once: one slow job does not hold back the others', async () => {
    const store = await openOn(engine);
    const release = deferred();
    const ran: string[] = [];
    const jobs = runner(store, {
      concurrency: 2,
      handlers: {
        webhook: async (job) => {
          if (job.id === 'slow') await release.promise;
          ran.push(job.id);
          if (ran.length === 3) release.resolve();
        },
      },
    });
    for (const id of ['slow', 'a', 'b', 'c']) {
      await store.jobs.enqueue(webhook(id), now());
      t += 1; // claimed in this order
    }
    expect(await jobs.runDue()).toBe(4);
    // "slow" held one slot while a, b and c went through the other.
    expect(ran).toEqual(['a', 'b', 'c', 'slow']);
  });

  it('never claims kinds it has no handler for', async () => {
    const store = await openOn(engine);
    const jobs = runner(store, { handlers: { webhook: async () => {} } });
    await store.jobs.enqueue({ kind: 'vendor.create', payload: { appointmentId: 'a' }, runAt: now() }, now());
    expect(await jobs.runDue()).toBe(0);
    expect((await store.jobs.list())[0]!.status).toBe('queued');
  });

  it.runIf(engine === 'sqlite')(
    'runs each job once when two runners in parallel threads share one database file',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'vc-jobs-'));
      const path = join(dir, 'consult.sqlite');
      const store = openSqlite(path);
      for (let i = 0; i < 300; i++) await store.jobs.enqueue(webhook(`j${i}`), now());

      const runs = new Map<string, number>();
      const workers = [0, 1].map(
        () =>
          new Worker(new URL('./support/ts-worker.mjs', import.meta.url), {
            workerData: { entry: new URL('./support/job-worker.ts', import.meta.url).href, path, now: t },
          }),
      );
      const counts = workers.map(
        (worker) =>
          new Promise<number>((resolve, reject) => {
            worker.on('error', reject);
            worker.on('message', (m: { ran?: string; count?: number; error?: string }) => {
              if (m.ran) runs.set(m.ran, (runs.get(m.ran) ?? 0) + 1);
              if (m.error) reject(new Error(m.error));
              if (m.count !== undefined) resolve(m.count);
            });
          }),
      );
      // Both claim at the same moment, once both are ready.
      await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
      for (const worker of workers) worker.postMessage('go');
      const [ranA, ranB] = await Promise.all(counts);
      await Promise.all(workers.map((worker) => worker.terminate()));

      expect(ranA! + ranB!).toBe(300);
      expect(runs.size).toBe(300);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(await store.jobs.list({ status: 'done', limit: 1000 })).toHaveLength(300);
    },
  );

  it('starts a job enqueued in this process at once, without waiting for the poll interval', async () => {
    const store = await openOn(engine);
    const ran = deferred<string>();
    const jobs = runner(store, {
      pollIntervalMs: 3600_000,
      handlers: { webhook: async (job) => ran.resolve(job.id) },
    });
    jobs.start();
    await store.jobs.enqueue(webhook('j'), now());
    expect(await ran.promise).toBe('j');
    await jobs.stop();
  });

  it('stop() waits for the jobs that are running, and claims nothing after', async () => {
    const store = await openOn(engine);
    const started = deferred();
    const release = deferred();
    const handler = vi.fn<JobHandler>(async () => {
      started.resolve();
      await release.promise;
    });
    const jobs = runner(store, { pollIntervalMs: 3600_000, handlers: { webhook: handler } });
    await store.jobs.enqueue(webhook('j1'), now());
    jobs.start();
    await started.promise;

    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await store.jobs.enqueue(webhook('j2'), now());
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect((await store.jobs.get('j1'))!.status).toBe('done');
    expect((await store.jobs.get('j2'))!.status).toBe('queued');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it.runIf(engine === 'sqlite')(
    'the server runs registered kinds, and close() lets a running job finish before the database goes',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'vc-jobs-'));
      const path = join(dir, 'consult.sqlite');
      const store = createSqliteStore(path, { dataKey: randomBytes(32) });
      const { app } = await testServer({}, { store, now });
      const started = deferred();
      const release = deferred();
      app.jobs.register('vendor.create', async () => {
        started.resolve();
        await release.promise;
      });
      await store.jobs.enqueue(
        { id: 'v', kind: 'vendor.create', payload: { appointmentId: 'a' }, runAt: now() },
        now(),
      );
      await started.promise;
      let closed = false;
      const closing = app.close().then(() => (closed = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(closed).toBe(false);
      release.resolve();
      await closing;
      expect((await openSqlite(path).jobs.get('v'))!.status).toBe('done');
    },
  );

  it('stop() aborts a job still running after the grace period and gives it back to the queue', async () => {
    const store = await openOn(engine);
    const started = deferred();
    const jobs = runner(store, {
      pollIntervalMs: 3600_000,
      handlers: {
        webhook: (_job, signal) => {
          started.resolve();
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          );
        },
      },
    });
    await store.jobs.enqueue(webhook('j'), now());
    jobs.start();
    await started.promise;
    await jobs.stop(0);
    expect(await store.jobs.get('j')).toMatchObject({
      status: 'queued',
      lastError: 'shutdown',
      runAt: now(),
    });
  });

  it('finished jobs go with the retention purge after jobsFinishedBefore, queued and running ones stay', async () => {
    const store = await openOn(engine);
    const jobs = runner(store, { handlers: { webhook: async () => {} } });
    await store.jobs.enqueue(webhook('done'), now());
    await jobs.runDue();
    await store.jobs.enqueue(webhook('queued'), now());
    await store.jobs.enqueue(webhook('running'), now());
    await store.jobs.claim({ now: now(), leaseMs: 1000, limit: 1, kinds: ['webhook'] });
    const cutoffs = (before: number) => ({
      now: new Date(T0 + 10 * 86_400_000),
      roomsEndedBefore: new Date(0),
      grantsBefore: new Date(0),
      auditBefore: new Date(0),
      jobsFinishedBefore: new Date(before),
      patientDataBefore: new Date(0),
    });
    expect((await store.purge(cutoffs(T0))).jobs).toBe(0);
    expect((await store.purge(cutoffs(T0 + 1))).jobs).toBe(1);
    expect((await store.jobs.list()).map((j) => j.id).sort()).toEqual(['queued', 'running']);
  });
});

describe.runIf(ENGINES.includes('pg'))('job table shared by several instances (PostgreSQL)', () => {
  it('two instances (pools of their own) claim 300 jobs at once: FOR UPDATE SKIP LOCKED runs each once', async () => {
    const db = await freshPgDatabase();
    stores.push({ close: db.drop });
    const [a, b] = await Promise.all(
      [0, 1].map(() => createPgStore({ url: db.url, dataKey: randomBytes(32) })),
    );
    stores.unshift(a!, b!);
    for (let i = 0; i < 300; i++) await a!.jobs.enqueue(webhook(`j${i}`), now());
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    };
    const runners = [a!, b!].map((store) =>
      runner(store, { handlers: { webhook: handler }, concurrency: 4 }),
    );
    // Both drain the table at the same moment, each claiming small batches.
    const counts = await Promise.all(
      runners.map(async (r) => {
        let total = 0;
        for (let n = await r.runDue(); n > 0; n = await r.runDue()) total += n;
        return total;
      }),
    );
    expect(counts[0]! + counts[1]!).toBe(300);
    expect(runs.size).toBe(300);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await b!.jobs.list({ status: 'done', limit: 1000 })).toHaveLength(300);
  });

  it("an insert on one instance wakes the other's runner at once (LISTEN/NOTIFY), not at its next poll", async () => {
    const db = await freshPgDatabase();
    stores.push({ close: db.drop });
    const [a, b] = await Promise.all(
      [0, 1].map(() => createPgStore({ url: db.url, dataKey: randomBytes(32) })),
    );
    stores.unshift(a!, b!);
    const ran = deferred<string>();
    const jobs = runner(b!, {
      pollIntervalMs: 3600_000,
      handlers: { webhook: async (job) => ran.resolve(job.id) },
    });
    jobs.start();
    await a!.jobs.enqueue(webhook('from-a'), now());
    expect(await ran.promise).toBe('from-a');
    await jobs.stop();
  });
});
