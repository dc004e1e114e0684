import type Database from 'better-sqlite3';

/**
 * The writes a unit of work (`store.transaction`) defers to its commit, as data (a statement's name and
 * its arguments) rather than closures, so that the commit can run on the writer thread's own connection.
 */
export const UNIT_WRITES = {
  roomStatus: 'UPDATE rooms SET status = ? WHERE id = ?',
  insertGrant: `INSERT INTO join_grants (token_hash, room_id, role, participant_id, expires_at, embed_origin)
    VALUES (?, ?, ?, ?, ?, ?)`,
  /** Must insert one row: none means a concurrent request recorded the ticket id first (a replay race). */
  insertJti: 'INSERT INTO ticket_replay (issuer, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  insertAudit: `INSERT INTO audit_events (at, type, actor, role, room_id, provider, reason, request_id, count, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  saveIdempotent: `INSERT INTO idempotency_records (scope, key, fingerprint, status, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
    body = excluded.body, expires_at = excluded.expires_at`,
} as const;

export type UnitWriteName = keyof typeof UNIT_WRITES;
export type UnitWriteArg = string | number | null;
/** One deferred write: statement and arguments. */
export type UnitWrite = readonly [UnitWriteName, readonly UnitWriteArg[]];
/** How one unit's commit ended: `ok`, lost a replay race, or failed with a message. */
export type UnitOutcome = 'ok' | 'replayed' | { error: string };

export type UnitStatements = Record<UnitWriteName, Database.Statement>;

export const prepareUnitWrites = (db: Database.Database): UnitStatements =>
  Object.fromEntries(
    Object.entries(UNIT_WRITES).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as UnitStatements;

class ReplayRace extends Error {}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs one write now (outside any unit); false when `insertJti` inserted nothing. */
export function runUnitWrite(statements: UnitStatements, [name, args]: UnitWrite): boolean {
  return statements[name].run(...args).changes === 1 || name !== 'insertJti';
}

/**
 * Group commit: the units of a batch in ONE SQLite transaction (one fsync with synchronous=FULL), each
 * in a savepoint of its own, so that one unit's failure (a replay race, a constraint) undoes its writes
 * only. When the commit itself fails, every unit of the batch failed and none of its rows is kept.
 */
export function commitUnits(
  db: Database.Database,
  statements: UnitStatements,
  units: readonly (readonly UnitWrite[])[],
): UnitOutcome[] {
  const outcomes: UnitOutcome[] = units.map(() => 'ok');
  try {
    db.transaction(() => {
      units.forEach((writes, i) => {
        try {
          db.transaction(() => {
            for (const write of writes) if (!runUnitWrite(statements, write)) throw new ReplayRace();
          })();
        } catch (error) {
          outcomes[i] = error instanceof ReplayRace ? 'replayed' : { error: message(error) };
        }
      });
    })();
  } catch (error) {
    return units.map(() => ({ error: `commit failed: ${message(error)}` }));
  }
  return outcomes;
}
