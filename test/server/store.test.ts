import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { deriveDataKey } from '../../src/server/store/sealed-json.js';
import { MIGRATIONS } from '../../src/server/store/sqlite-migrations.js';
import type { StoredRoom } from '../../src/server/providers/types.js';

const room = (id: string, appointment: string): StoredRoom => ({
  id,
  provider: 'arztkonsultation',
  appointment,
  vendorRoomId: '4711',
  vendorData: { callId: 4711, tan: 'TAN-SECRET-1234' },
  status: 'open',
  startsAt: new Date('2026-12-01T09:00:00Z'),
  durationMinutes: 20,
});

describe('SQLite store', () => {
  it('runs every migration on a new file and records the schema version', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    createSqliteStore(path, { dataKey: randomBytes(32) });
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('seals vendor credentials at rest, bound to their row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const key = deriveDataKey('a-server-secret-of-at-least-32-bytes!!');
    const store = createSqliteStore(path, { dataKey: key });
    await store.insertRoom(room('r_1', 'apt-1'));
    await store.insertRoom({ ...room('r_2', 'apt-2'), vendorData: { callId: 2 } });
    expect((await store.findRoom('r_1'))!.vendorData).toEqual({ callId: 4711, tan: 'TAN-SECRET-1234' });
    await store.close();

    const raw = new Database(path);
    const rows = raw.prepare('SELECT id, vendor_data FROM rooms').all() as {
      id: string;
      vendor_data: string;
    }[];
    expect(rows.every((r) => r.vendor_data.startsWith('v1.'))).toBe(true);
    expect(readFileSync(path).includes('TAN-SECRET')).toBe(false);
    expect(readFileSync(`${path}-wal`).includes('TAN-SECRET')).toBe(false);
    // A sealed value copied onto another row does not open there.
    raw
      .prepare('UPDATE rooms SET vendor_data = ? WHERE id = ?')
      .run(rows.find((r) => r.id === 'r_1')!.vendor_data, 'r_2');
    raw.close();
    const reopened = createSqliteStore(path, { dataKey: key });
    await expect(reopened.findRoom('r_2')).rejects.toThrow();
    // and the wrong key opens nothing
    const wrongKey = createSqliteStore(path, { dataKey: randomBytes(32) });
    await expect(wrongKey.findRoom('r_1')).rejects.toThrow();
  });

  it('still reads rows written as plain JSON before sealing existed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const store = createSqliteStore(path, { dataKey: randomBytes(32) });
    await store.insertRoom(room('r_1', 'apt-1'));
    const raw = new Database(path);
    raw.prepare('UPDATE rooms SET vendor_data = ?').run('{"callId":1}');
    raw.close();
    expect((await store.findRoom('r_1'))!.vendorData).toEqual({ callId: 1 });
  });

  it('refuses a database from a newer version of the server', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => createSqliteStore(path, { dataKey: randomBytes(32) })).toThrow(/newer than this server/);
  });
});
