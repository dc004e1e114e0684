import Database from 'better-sqlite3';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgStore } from '../../../src/server/store/pg.js';
import { createSqliteStore } from '../../../src/server/store/sqlite.js';
import type { ConsultStore } from '../../../src/server/store/types.js';

/**
 * The store suites run against both engines. PostgreSQL is the one at `$PG_URL`, else the local one on
 * 127.0.0.1:5432 (user postgres, trust auth): each store gets a fresh database of its own, dropped at
 * close. When none is reachable the PostgreSQL leg is skipped with a message saying what to run (CI
 * starts one: .ci/run).
 */
export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const PG_REACHABLE = await reachable();
if (!PG_REACHABLE) {
  console.warn(
    `PostgreSQL store tests SKIPPED: nothing answers at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}. ` +
      'Start one (as root: apt-get install postgresql && pg_ctlcluster 15 main start, trust auth on ' +
      '127.0.0.1) or set PG_URL.',
  );
}

export type Engine = 'sqlite' | 'pg';
/** The engines this run tests: both, or SQLite alone when PostgreSQL is unreachable. */
export const ENGINES: Engine[] = PG_REACHABLE ? ['sqlite', 'pg'] : ['sqlite'];

let counter = 0;

/** A fresh, empty PostgreSQL database; `drop` removes it (closing other connections to it first). */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vc_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestStore {
  store: ConsultStore;
  /** Rows of a query through a second connection (SQL both engines understand; `?` placeholders). */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Closes the store and removes its database. */
  close(): Promise<void>;
}

/** A store on a fresh database of `engine`. */
export async function openStore(
  engine: Engine,
  options: { dataKey?: Uint8Array; synchronous?: 'full' | 'normal' } = {},
): Promise<TestStore> {
  const dataKey = options.dataKey ?? randomBytes(32);
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vc-store-'));
    const path = join(dir, 'consult.sqlite');
    const store = createSqliteStore(path, { dataKey, synchronous: options.synchronous ?? 'normal' });
    const raw = new Database(path, { readonly: true });
    return {
      store,
      rows: async <T>(sql: string, ...params: unknown[]) => raw.prepare(sql).all(...params) as T[],
      async close() {
        raw.close();
        await store.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await freshPgDatabase();
  const store = await createPgStore({ url: db.url, dataKey, poolSize: 8 });
  return {
    store,
    rows: async <T>(sql: string, ...params: unknown[]) => {
      let i = 0;
      const { rows } = await store.pool.query(
        sql.replace(/\?/g, () => `$${++i}`),
        params,
      );
      return rows as T[];
    },
    async close() {
      await store.close().catch(() => {});
      await db.drop();
    },
  };
}

/** `n` PostgreSQL stores (as many instances) on one fresh database; `close` closes them and drops it. */
export async function pgInstances(n: number, poolSize = 4) {
  const db = await freshPgDatabase();
  const dataKey = randomBytes(32);
  const stores: Awaited<ReturnType<typeof createPgStore>>[] = [];
  for (let i = 0; i < n; i++) stores.push(await createPgStore({ url: db.url, dataKey, poolSize }));
  return {
    stores,
    async close() {
      for (const s of stores) await s.close().catch(() => {});
      await db.drop();
    },
  };
}
