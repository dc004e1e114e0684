import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/server/store/sqlite.js';
import { TicketReplayedError } from '../../src/server/store/types.js';
import { testServer } from '../support/server.js';
import { signTicket } from '../support/tickets.js';

let dir: string | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

type Mode = { synchronous: 'full' | 'normal'; writerThread?: boolean };
const fileStore = (mode: Mode) => {
  dir = mkdtempSync(join(tmpdir(), 'vc-group-'));
  const path = join(dir, 'consult.sqlite');
  const store = createSqliteStore(path, { dataKey: randomBytes(32), ...mode });
  close = () => store.close();
  return { path, store };
};

/** Runs SQL on the file through a connection of its own (triggers that inject failures, counts). */
const onFile = <T>(path: string, fn: (db: Database.Database) => T): T => {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
};
const count = (path: string, table: string) =>
  onFile(path, (db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

/** What a join writes in its unit: a replay entry, a link and an audit row (`reason` marks the unit). */
const joinUnit = (store: SqliteStore, i: number, reason = 'ok') =>
  store.transaction(async () => {
    await store.rememberTicketId('iss', `jti-${i}`, new Date(Date.now() + 60_000), new Date());
    await store.insertGrant({
      tokenHash: `token-${i}`,
      roomId: 'r_1',
      role: 'patient',
      participantId: `p-${i}`,
      expiresAt: new Date(Date.now() + 60_000),
      embedOrigin: null,
    });
    await store.appendAudit({ at: new Date(), type: 'join.minted', actor: `p-${i}`, reason });
    return i;
  });

const openRoom = (store: SqliteStore) =>
  store.insertRoom({
    id: 'r_1',
    provider: 'sandbox',
    appointment: 'apt-1',
    vendorRoomId: 'v-1',
    vendorData: {},
    status: 'open',
    startsAt: new Date(),
    durationMinutes: 20,
  });

// A unit whose audit row has reason 'fail-unit' fails at once (its own savepoint); one with
// 'fail-commit' leaves a deferred foreign-key violation that only the batch's COMMIT sees.
const POISON = `
  CREATE TRIGGER fail_unit BEFORE INSERT ON audit_events WHEN NEW.reason = 'fail-unit'
    BEGIN SELECT RAISE(ABORT, 'injected unit failure'); END;
  CREATE TABLE poison (room TEXT REFERENCES rooms(id) DEFERRABLE INITIALLY DEFERRED);
  CREATE TRIGGER fail_commit AFTER INSERT ON audit_events WHEN NEW.reason = 'fail-commit'
    BEGIN INSERT INTO poison VALUES ('no-such-room'); END;`;

const MODES: (Mode & { name: string; thread: boolean })[] = [
  { name: 'FULL, main connection (the default)', synchronous: 'full', thread: false },
  { name: 'FULL, writer thread (opt-in)', synchronous: 'full', writerThread: true, thread: true },
  { name: 'NORMAL, main connection', synchronous: 'normal', thread: false },
];

describe.each(MODES)('group commit ($name)', ({ name: _, thread, ...mode }) => {
  const { synchronous } = mode;
  it('commits on the connection it says, with the durability read back from SQLite', async () => {
    const { store } = fileStore(mode);
    expect(await store.writerSettings()).toEqual({ journalMode: 'wal', synchronous, thread });
  });

  it('answers every unit of a batch only once its writes are committed', async () => {
    const { path, store } = fileStore(mode);
    await openRoom(store);
    const seen: number[] = [];
    // Started in one turn: one batch. Each unit, as it resolves, finds its rows committed in the file.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        joinUnit(store, i).then(() =>
          seen.push(
            onFile(
              path,
              (db) =>
                (
                  db
                    .prepare('SELECT count(*) AS n FROM join_grants WHERE token_hash = ?')
                    .get(`token-${i}`) as {
                    n: number;
                  }
                ).n,
            ),
          ),
        ),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 20 }, () => 1));
    expect(count(path, 'ticket_replay')).toBe(20);
    expect(count(path, 'audit_events')).toBe(20);
  });

  it("keeps one unit's failure to its own writes", async () => {
    const { path, store } = fileStore(mode);
    await openRoom(store);
    onFile(path, (db) => db.exec(POISON));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => joinUnit(store, i, i === 4 ? 'fail-unit' : 'ok')),
    );
    expect(outcomes.map((o) => o.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    );
    // Its replay entry and link went with its audit row; the other nine units' rows are all there.
    expect(count(path, 'join_grants')).toBe(9);
    expect(count(path, 'ticket_replay')).toBe(9);
    expect(
      onFile(path, (db) => db.prepare("SELECT 1 FROM join_grants WHERE token_hash = 'token-4'").get()),
    ).toBe(undefined);
  });

  it('fails every unit of a batch whose commit fails, and keeps none of their rows', async () => {
    const { path, store } = fileStore(mode);
    await openRoom(store);
    onFile(path, (db) => db.exec(POISON));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => joinUnit(store, i, i === 7 ? 'fail-commit' : 'ok')),
    );
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/commit failed/);
    expect([count(path, 'join_grants'), count(path, 'ticket_replay'), count(path, 'audit_events')]).toEqual([
      0, 0, 0,
    ]);
    // The next batch commits as usual.
    await joinUnit(store, 99);
    expect(count(path, 'join_grants')).toBe(1);
  });

  it('fails the later of two units in one batch that record the same ticket id (replay race)', async () => {
    const { path, store } = fileStore(mode);
    await openRoom(store);
    const same = (i: number) =>
      store.transaction(async () => {
        expect(
          await store.rememberTicketId('iss', 'jti-same', new Date(Date.now() + 60_000), new Date()),
        ).toBe(true);
        await store.appendAudit({ at: new Date(), type: 'join.minted', actor: `p-${i}` });
      });
    const [first, second] = await Promise.allSettled([same(1), same(2)]);
    expect(first.status).toBe('fulfilled');
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(TicketReplayedError);
    expect(count(path, 'audit_events')).toBe(1);
  });
});

describe.each([false, true])(
  'joins through the server when their batch cannot commit (writer thread: %s)',
  (writerThread) => {
    it('answers each of them with a problem and keeps no row of theirs', async () => {
      const { path, store } = fileStore({ synchronous: 'full', writerThread });
      const server = await testServer({}, { store });
      close = () => server.app.close();
      await server.openVisit('apt-1');
      // Every link insert leaves a deferred violation: whatever batches the joins fall into, none commits.
      onFile(path, (db) =>
        db.exec(`
        CREATE TABLE poison (room TEXT REFERENCES rooms(id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER fail_commit AFTER INSERT ON join_grants BEGIN INSERT INTO poison VALUES ('none'); END;`),
      );
      const before = [count(path, 'join_grants'), count(path, 'ticket_replay'), count(path, 'audit_events')];
      const tickets = await Promise.all(
        Array.from({ length: 8 }, () => signTicket(server.keys.privateKey, { appointment: 'apt-1' })),
      );
      const answers = await Promise.all(tickets.map((t) => server.join(t, { appointment: 'apt-1' })));
      expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 500));
      for (const r of answers) expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect([count(path, 'join_grants'), count(path, 'ticket_replay'), count(path, 'audit_events')]).toEqual(
        before,
      );
    });
  },
);
