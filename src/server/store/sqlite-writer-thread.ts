// The SQLite store's writer thread: its own connection to the same file (WAL, synchronous=FULL) commits
// the batches of units of work the main thread sends, so that the main thread keeps serving requests
// while the disk syncs. Started by `createWriterThread` in sqlite-writer.ts; one batch at a time.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { commitUnits, prepareUnitWrites, type UnitWrite } from './sqlite-unit-writes.js';

export interface WriterThreadData {
  path: string;
}
export type WriterRequest = { units: UnitWrite[][] } | { close: true };

const { path } = workerData as WriterThreadData;
const port = parentPort!;
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const statements = prepareUnitWrites(db);
port.postMessage({
  ready: {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: db.pragma('synchronous', { simple: true }) as number,
  },
});

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close();
    port.postMessage({ closed: true });
    port.close();
    return;
  }
  port.postMessage({ outcomes: commitUnits(db, statements, request.units) });
});
