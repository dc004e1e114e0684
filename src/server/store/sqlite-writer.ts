import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { TicketReplayedError } from './types.js';
import { commitUnits, prepareUnitWrites, type UnitOutcome, type UnitWrite } from './sqlite-unit-writes.js';
import type { WriterRequest, WriterThreadData } from './sqlite-writer-thread.js';

/** Settings of the connection that commits units of work, read back from SQLite. */
export interface WriterSettings {
  journalMode: string;
  synchronous: number;
}

/** Commits units of work (group commit); see `createWriterThread` and `createInThreadWriter`. */
export interface UnitCommitter {
  /** Resolves once the unit's writes are committed (on disk with FULL); rejects when they are not. */
  commit(writes: UnitWrite[]): Promise<void>;
  settings(): Promise<WriterSettings>;
  /** Commits what is queued, then stops. */
  close(): Promise<void>;
}

type RunBatch = (units: UnitWrite[][]) => Promise<UnitOutcome[]>;

/**
 * Group commit around `run`: the units that finish in one turn of the event loop, and all that finish
 * while a batch is being committed, go together as the next batch; one batch at a time. A unit's promise
 * settles only after the batch holding it was committed (or failed).
 */
function batching(run: RunBatch) {
  let pending: { writes: UnitWrite[]; resolve: () => void; reject: (error: Error) => void }[] = [];
  let busy = false;
  let scheduled = false;
  const idle: (() => void)[] = [];
  const next = () => {
    if (busy || pending.length === 0) {
      if (!busy && pending.length === 0) for (const done of idle.splice(0)) done();
      return;
    }
    const batch = pending;
    pending = [];
    busy = true;
    run(batch.map((p) => p.writes))
      .then(
        (outcomes) =>
          batch.forEach((p, i) => {
            const outcome = outcomes[i]!;
            if (outcome === 'ok') p.resolve();
            else p.reject(outcome === 'replayed' ? new TicketReplayedError() : new Error(outcome.error));
          }),
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const p of batch) p.reject(failure);
        },
      )
      .finally(() => {
        busy = false;
        next();
      });
  };
  return {
    commit: (writes: UnitWrite[]) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ writes, resolve, reject });
        if (busy || scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          next();
        });
      }),
    /** Resolves once nothing is queued or being committed. */
    drained: () =>
      busy || scheduled || pending.length > 0
        ? new Promise<void>((resolve) => idle.push(resolve))
        : Promise.resolve(),
  };
}

/** Commits on the main thread's connection (in-memory databases, and `synchronous=NORMAL`, which does not wait for the disk). */
export function createInThreadWriter(db: Database.Database): UnitCommitter {
  const statements = prepareUnitWrites(db);
  const batches = batching(async (units) => commitUnits(db, statements, units));
  return {
    commit: batches.commit,
    settings: async () => ({
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: db.pragma('synchronous', { simple: true }) as number,
    }),
    close: () => batches.drained(),
  };
}

/**
 * Built: the compiled module beside this one. From source (the tests): the TypeScript module, loaded
 * through tsx (a dev dependency, found from the working directory), which a worker's `execArgv` cannot
 * register.
 */
function startThread(workerData: WriterThreadData) {
  const entry = new URL('./sqlite-writer-thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, { workerData });
  // The loader's name travels as data: the built package never names tsx, which it does not depend on.
  const load = `const { workerData: d } = require('node:worker_threads');
    import(d.loader).then(({ register }) => (register(), import(d.entry)));`;
  return new Worker(load, {
    eval: true,
    workerData: { ...workerData, loader: 'tsx/esm/api', entry: entry.href.replace(/\.js$/, '.ts') },
  });
}

/**
 * Commits on a writer thread with its own connection (synchronous=FULL): the fsync of a commit blocks
 * that thread, not the event loop, and the units that finish meanwhile make the next batch. The worker
 * holds the process open only while a batch is in flight.
 */
export function createWriterThread(path: string): UnitCommitter {
  const worker = startThread({ path });
  worker.unref();
  let failure: Error | undefined;
  let reply: ((message: unknown) => void) | undefined;
  let fail: ((error: Error) => void) | undefined;
  let resolveReady!: (s: WriterSettings) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<WriterSettings>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  const stop = (error: Error) => {
    failure ??= error;
    rejectReady(failure);
    fail?.(failure);
  };
  worker.on('message', (message: { ready?: WriterSettings }) => {
    if (message.ready) resolveReady(message.ready);
    else reply?.(message);
  });
  worker.on('error', stop);
  worker.on('exit', () => stop(new Error('the SQLite writer thread stopped')));

  const send = (request: WriterRequest) =>
    new Promise<unknown>((resolve, reject) => {
      if (failure) return reject(failure);
      worker.ref();
      reply = (message) => {
        worker.unref();
        reply = fail = undefined;
        resolve(message);
      };
      fail = (error) => {
        worker.unref();
        reply = fail = undefined;
        reject(error);
      };
      worker.postMessage(request);
    });
  const batches = batching(async (units) => {
    await ready;
    return ((await send({ units })) as { outcomes: UnitOutcome[] }).outcomes;
  });
  return {
    commit: batches.commit,
    settings: () => ready,
    async close() {
      await batches.drained();
      if (failure) return;
      await ready.catch(() => {});
      await send({ close: true }).catch(() => {});
      await worker.terminate();
    },
  };
}
