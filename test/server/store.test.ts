import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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

  it('adds the clinician name to a database of the previous version, keeping its rooms', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const old = new Database(path);
    old.exec(MIGRATIONS[0]!);
    old.exec(MIGRATIONS[1]!);
    old.pragma('user_version = 2');
    old
      .prepare(
        `INSERT INTO rooms (id, provider, appointment, vendor_room_id, vendor_data, status, starts_at, duration_minutes, created_at)
         VALUES ('r_old', 'sandbox', 'apt-old', 'r_old', '{}', 'open', 0, 30, 0)`,
      )
      .run();
    old.close();
    const store = createSqliteStore(path, { dataKey: randomBytes(32) });
    const found = await store.findRoom('r_old');
    expect(found?.appointment).toBe('apt-old');
    expect(found).not.toHaveProperty('clinicianName');
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('seals the clinician name, bound to its row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const key = randomBytes(32);
    const store = createSqliteStore(path, { dataKey: key });
    await store.insertRoom({ ...room('r_1', 'apt-1'), clinicianName: 'Dr. Sealed Name' });
    await store.insertRoom(room('r_2', 'apt-2'));
    expect((await store.findRoom('r_1'))!.clinicianName).toBe('Dr. Sealed Name');
    expect(await store.findRoom('r_2')).not.toHaveProperty('clinicianName');
    await store.close();
    const raw = new Database(path);
    expect(readFileSync(path).includes('Sealed Name')).toBe(false);
    if (existsSync(`${path}-wal`)) expect(readFileSync(`${path}-wal`).includes('Sealed Name')).toBe(false);
    const sealed = raw.prepare("SELECT clinician_name FROM rooms WHERE id = 'r_1'").get() as {
      clinician_name: string;
    };
    raw.prepare("UPDATE rooms SET clinician_name = ? WHERE id = 'r_2'").run(sealed.clinician_name);
    raw.close();
    await expect(createSqliteStore(path, { dataKey: key }).findRoom('r_2')).rejects.toThrow();
  });

  it('refuses a database from a newer version of the server', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vc-store-')), 'c.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => createSqliteStore(path, { dataKey: randomBytes(32) })).toThrow(/newer than this server/);
  });
});
