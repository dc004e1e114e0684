import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSetup } from '../../src/server/demo/demo-setup.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vc-modes-'));
  dirs.push(dir);
  return dir;
};
const mode = (path: string) => statSync(path).mode & 0o777;

describe('files the server creates hold patient-adjacent data: owner only', () => {
  it('creates the data dir 0700 and the SQLite file (with its WAL and shm) 0600', async () => {
    const dataDir = join(tempDir(), 'data', 'consult');
    const path = join(dataDir, 'consult.sqlite');
    const store = createSqliteStore(path, { dataKey: randomBytes(32) });
    await store.appendAudit({ at: new Date(), type: 'ticket.refused', reason: 'test' });
    expect(mode(dataDir).toString(8)).toBe('700');
    expect(mode(join(dataDir, '..')).toString(8)).toBe('700');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file).toString(8), file).toBe('600');
    await store.close();
  });

  it('creates the demo data dir 0700 (the key file 0600)', async () => {
    const dataDir = join(tempDir(), 'demo-data');
    await demoSetup(dataDir, 'http://localhost:8787');
    expect(mode(dataDir).toString(8)).toBe('700');
    expect(mode(join(dataDir, 'demo-key.json')).toString(8)).toBe('600');
  });
});
