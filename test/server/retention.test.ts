import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/server/logger.js';
import { retentionCutoffs, startRetention } from '../../src/server/retention.js';
import { MIGRATIONS } from '../../src/server/store/sqlite-migrations.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { ConsultStore } from '../../src/server/store/types.js';
import { testServer } from '../support/server.js';
import { signTicket } from '../support/tickets.js';
import { ENGINES, openStore } from './support/engines.js';

const DAY = 24 * 3600_000;
let dir: string | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.useRealTimers();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.each(ENGINES)('retention purge (%s)', (engine) => {
  it('purges rooms, links, replay entries, idempotency records and audit rows once they no longer matter, nothing newer', async () => {
    // Whole seconds, so that tickets signed "now" match the fake clock.
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    let t = t0;
    const db = await openStore(engine);
    const server = await testServer({}, { now: () => new Date(t), store: db.store });
    close = async () => {
      await server.app.close();
      await db.close();
    };
    const { store, app } = server;
    const staff = await signTicket(server.keys.privateKey, { role: 'staff', sub: 'clinic' });
    const opened = await server.openRoom(
      staff,
      { appointment: 'apt-1', startsAt: new Date(t0).toISOString(), durationMinutes: 30 },
      { 'idempotency-key': 'open-apt-1-key' },
    );
    expect(opened.status).toBe(201);
    const joined = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-1' }), {
      appointment: 'apt-1',
    });
    expect(joined.status).toBe(200);
    const { roomId } = (await joined.json()) as { roomId: string };

    const purgeAt = (at: number) => store.purge(retentionCutoffs(app.config, new Date(at)));
    const all = { from: new Date(0), to: new Date(t0 + 10_000 * DAY), limit: 1000 };
    const auditRows = (await store.queryAudit(all)).length;
    expect(auditRows).toBe(3); // the clinic's ticket, the room, the patient's join

    // Half a minute later: everything is still needed.
    t = t0 + 30_000;
    expect(Object.values(await purgeAt(t)).every((n) => n === 0)).toBe(true);
    // An hour later (the tickets expired, the visit is over): only the replay entries go.
    t = t0 + 3600_000;
    expect(await purgeAt(t)).toEqual({
      ticket_replay: 2,
      idempotency_records: 0,
      join_grants: 0,
      rooms: 0,
      audit_events: 0,
      jobs: 0,
      booking_holds: 0,
      'appointments.patient': 0,
    });
    expect(await store.findRoom(roomId)).toBeDefined();

    // Two days later: rooms (a day after the visit ended), links (a day after expiry), replay entries and
    // idempotency records go; the audit trail stays.
    t = t0 + 2 * DAY;
    const counts = await purgeAt(t);
    expect(counts).toMatchObject({
      rooms: 1,
      join_grants: 1,
      ticket_replay: 0,
      idempotency_records: 1,
      audit_events: 0,
    });
    expect(await store.findRoom(roomId)).toBeUndefined();
    expect(await store.queryAudit(all)).toHaveLength(auditRows);

    // Audit rows: after six years by default, not a millisecond earlier.
    const sixYears = 2190 * DAY;
    const newest = (await store.queryAudit(all)).at(-1)!.at.getTime();
    const newestRows = (await store.queryAudit(all)).filter((e) => e.at.getTime() === newest).length;
    expect((await purgeAt(newest + sixYears)).audit_events).toBe(auditRows - newestRows);
    expect(await store.queryAudit(all)).toHaveLength(newestRows);
    expect((await purgeAt(newest + sixYears + 1)).audit_events).toBe(newestRows);
    expect(await store.queryAudit(all)).toEqual([]);
  });
});

describe('retention', () => {
  it('runs at start and then on its interval, without keeping the process alive', async () => {
    vi.useFakeTimers();
    const purge = vi.fn(async () => ({}));
    const store = { purge } as unknown as ConsultStore;
    const job = startRetention({
      store,
      config: {
        retention: { roomDays: 1, grantHours: 24, jobDays: 14, intervalMinutes: 60 },
        audit: { retentionDays: 2190, refusalSourcesPerMinute: 100 },
        appointments: { patientDataDays: 30, reminderMinutes: 60 },
      },
      logger: createLogger('silent'),
      now: () => new Date(),
    });
    expect(purge).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(purge).toHaveBeenCalledTimes(2);
    job.stop();
    await vi.advanceTimersByTimeAsync(120 * 60_000);
    expect(purge).toHaveBeenCalledTimes(2);
  });

  it('switches an existing database to incremental vacuum, so that a purge gives the space back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vc-retention-'));
    const path = join(dir, 'consult.sqlite');
    // A database made before this change: no auto_vacuum, full schema, many old audit rows.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS) old.exec(m);
    old.pragma(`user_version = ${MIGRATIONS.length}`);
    const insert = old.prepare('INSERT INTO audit_events (at, type, actor, request_id) VALUES (?, ?, ?, ?)');
    old.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(i, 'ticket.accepted', 'a'.repeat(22), 'r'.repeat(36));
    })();
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();

    const store = createSqliteStore(path, { dataKey: randomBytes(32) });
    close = () => store.close();
    expect(store.settings().autoVacuum).toBe('incremental');
    const before = statSync(path).size;
    const now = new Date(10_000 * DAY);
    const counts = await store.purge({
      now,
      roomsEndedBefore: now,
      grantsBefore: now,
      auditBefore: new Date(20_000),
      jobsFinishedBefore: now,
      patientDataBefore: now,
    });
    expect(counts.audit_events).toBe(20_000);
    expect(statSync(path).size).toBeLessThan(before / 4);
  });
});
