import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.app.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Makes every write to the database fail as a full disk would (SQLITE_FULL's message), through a second
 * connection, while reads still work: what a read-only health check would not notice.
 */
function failEveryWrite(path: string) {
  const db = new Database(path);
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all();
  for (const { name } of tables) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(
        `CREATE TRIGGER full_${op}_${name} BEFORE ${op} ON ${name} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      );
    }
  }
  db.close();
}

const ready = async (s: Server) => {
  const res = await s.app.request('/readyz');
  return { status: res.status, body: await res.json() };
};

describe('GET /readyz', () => {
  it('is ready when the database takes a write, and not ready while it cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-ready-'));
    dirs.push(dir);
    const path = join(dir, 'consult.sqlite');
    server = await testServer({}, { store: createSqliteStore(path, { dataKey: randomBytes(32) }) });
    expect(await ready(server)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', providers: ['sandbox'], shuttingDown: false } },
    });

    failEveryWrite(path);
    // Reads still work: the old SELECT 1 would have said ready.
    expect(await server.store.findRoom('r_x')).toBe(undefined);
    const { status, body } = await ready(server);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'not ready', checks: { database: 'unwritable' } });
    expect(server.logLines.join('\n')).toMatch(/readiness: database write failed/);
  });

  it('is not ready once shutdown begins', async () => {
    server = await testServer();
    expect((await ready(server)).status).toBe(200);
    server.app.drain();
    expect(await ready(server)).toEqual({
      status: 503,
      body: { status: 'not ready', checks: { database: 'ok', providers: ['sandbox'], shuttingDown: true } },
    });
  });
});
