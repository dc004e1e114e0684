import type pg from 'pg';
import { MIGRATIONS } from './sqlite-migrations.js';

/**
 * The PostgreSQL schema: the very migrations of SQLite (sqlite-migrations.ts), version for version,
 * translated to PostgreSQL's dialect. Integers become `bigint` (times are milliseconds since the epoch,
 * read back as numbers: pg-common.ts), so that both stores share their row shapes. `schema_migrations`
 * records each applied version; a new migration is added to the SQLite list and reaches both.
 */
export const toPostgres = (sql: string) =>
  sql
    .replace(/INTEGER PRIMARY KEY AUTOINCREMENT/g, 'BIGSERIAL PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\)\s*WITHOUT ROWID/g, ')');

export const PG_MIGRATIONS: readonly string[] = MIGRATIONS.map(toPostgres);

/**
 * What only the PostgreSQL store needs, numbered from 1001 so that the shared list can grow: the
 * fixed-window rate-limit counters every instance shares (pg-rate-limit.ts), unlogged (a crash loses at
 * most one window's counts, and they cost no WAL); then the live poll leases (pg-room-polls.ts) and the
 * open event streams per subject (pg-stream-slots.ts) and the sandbox's presence (pg-sandbox-presence.ts),
 * unlogged too (leases that expire by themselves).
 */
export const PG_ONLY_MIGRATIONS: readonly string[] = [
  `
  CREATE UNLOGGED TABLE rate_counters (
    key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
  );
  `,
  `
  CREATE UNLOGGED TABLE room_pollers (
    room TEXT PRIMARY KEY,
    instance TEXT NOT NULL,
    until BIGINT NOT NULL,
    state TEXT
  );
  CREATE UNLOGGED TABLE stream_slots (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    instance TEXT NOT NULL,
    until BIGINT NOT NULL
  );
  CREATE INDEX stream_slots_subject ON stream_slots (subject);
  CREATE UNLOGGED TABLE sandbox_presence (
    room TEXT NOT NULL,
    participant TEXT NOT NULL,
    role TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (room, participant)
  );
  `,
];
const PG_ONLY_BASE = 1000;

/** The advisory lock key every instance takes while it migrates: one migrates, the others wait. */
const MIGRATION_LOCK = 0x76636d69; // 'vcmi'

/**
 * Applies the missing migrations, once: under an advisory lock (a second instance starting at the same
 * time waits, then finds nothing left to do), each version in its own transaction with its
 * `schema_migrations` row.
 */
export async function migratePg(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      const shared = rows.filter((r) => r.version < PG_ONLY_BASE).length;
      if (shared > PG_MIGRATIONS.length) {
        throw new Error(`database schema v${shared} is newer than this server (v${PG_MIGRATIONS.length})`);
      }
      const pending = [
        ...PG_MIGRATIONS.map((sql, i) => ({ version: i + 1, sql })),
        ...PG_ONLY_MIGRATIONS.map((sql, i) => ({ version: PG_ONLY_BASE + i + 1, sql })),
      ].filter((m) => !applied.has(m.version));
      for (const { version, sql } of pending) {
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return PG_MIGRATIONS.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
