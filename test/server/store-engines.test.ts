import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgStore } from '../../src/server/store/pg.js';
import { TicketReplayedError, type JoinGrant } from '../../src/server/store/types.js';
import type { StoredRoom, VideoProvider } from '../../src/server/providers/types.js';
import { createRoomService } from '../../src/server/rooms.js';
import { TEST_CAPABILITIES } from '../support/test-capabilities.js';
import { ENGINES, freshPgDatabase, openStore, type TestStore } from './support/engines.js';

/** The store contract both engines keep (SQLite, PostgreSQL): what the routes rely on. */
const T = Date.UTC(2026, 10, 30, 9);
const room: StoredRoom = {
  id: 'r_1',
  provider: 'sandbox',
  appointment: 'apt-1',
  vendorRoomId: 'r_1',
  vendorData: { tan: 'TAN-1' },
  status: 'open',
  startsAt: new Date(T),
  durationMinutes: 20,
  clinicianName: 'Dr. Sealed',
};
const grant = (tokenHash: string): JoinGrant => ({
  tokenHash,
  roomId: 'r_1',
  role: 'patient',
  participantId: 'p1',
  expiresAt: new Date(T + 60_000),
  embedOrigin: null,
});
const KEY = randomBytes(32);
const weekly = [{ days: ['mon' as const], from: '09:00', to: '12:00' }];

const opened: TestStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
const open = async (engine: (typeof ENGINES)[number]) => {
  const s = await openStore(engine);
  opened.push(s);
  return s.store;
};

describe.each(ENGINES)('store contract (%s)', (engine) => {
  it('rooms: one per (provider, appointment), sealed data read back; a grant is consumed once', async () => {
    const store = await open(engine);
    expect(await store.insertRoom(room)).toMatchObject({ id: 'r_1', vendorData: { tan: 'TAN-1' } });
    expect((await store.insertRoom({ ...room, id: 'r_2' })).id).toBe('r_1');
    expect((await store.findRoomByAppointment('sandbox', 'apt-1'))!.clinicianName).toBe('Dr. Sealed');
    await store.insertGrant(grant('g1'));
    const now = new Date(T);
    const consumed = await Promise.all([1, 2, 3].map(() => store.consumeGrant('g1', now, 's1')));
    expect(consumed.filter(Boolean)).toHaveLength(1);
    expect((await store.findSession('r_1', 's1'))!.usedAt).toEqual(now);
    expect(await store.consumeGrant('g1', now, 's2')).toBeUndefined();
  });

  it('a unit of work commits its writes together, none when it throws; a replayed ticket id is refused', async () => {
    const store = await open(engine);
    await store.insertRoom(room);
    const exp = new Date(T + 60_000);
    await expect(
      store.transaction(async () => {
        await store.insertGrant(grant('lost'));
        await store.appendAudit({ at: new Date(T), type: 'join.minted', requestId: 'r1' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.findGrant('lost')).toBeUndefined();
    expect(await store.queryAudit({ from: new Date(0), to: new Date(T + 1), limit: 10 })).toEqual([]);

    await store.transaction(async () => {
      expect(await store.rememberTicketId('iss', 'jti-1', exp, new Date(T))).toBe(true);
      expect(await store.rememberTicketId('iss', 'jti-1', exp, new Date(T))).toBe(false);
      await store.appendAudit({
        at: new Date(T),
        type: 'ticket.accepted',
        actor: 'a',
        role: 'patient',
        requestId: 'q',
      });
      await store.appendAudit({ at: new Date(T), type: 'join.minted', actor: 'a', requestId: 'q' });
    });
    expect(await store.rememberTicketId('iss', 'jti-1', exp, new Date(T))).toBe(false);
    // The acceptance is recorded by the later event of the same request and actor.
    const audit = await store.queryAudit({ from: new Date(0), to: new Date(T + 1), limit: 10 });
    expect(audit.map((e) => [e.type, e.role])).toEqual([['join.minted', 'patient']]);

    // Two units racing for one new ticket id: one commits, the other rejects as replayed.
    // Both check the id before either commits: each waits at the gate until both have.
    let checked = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const unit = () =>
      store.transaction(async () => {
        const fresh = await store.rememberTicketId('iss', 'jti-race', exp, new Date(T));
        if (++checked === 2) release();
        await gate;
        return fresh;
      });
    const racing = [unit(), unit()];
    const results = await Promise.allSettled(racing);
    const won = results.filter((r) => r.status === 'fulfilled' && r.value);
    expect(won).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(TicketReplayedError);
  });

  it('idempotency records expire; the readiness probe writes', async () => {
    const store = await open(engine);
    const record = { fingerprint: 'f', status: 201, body: '{"ok":true}' };
    await store.saveIdempotent('rooms', 'k', record, new Date(T + 1000));
    expect(await store.findIdempotent('rooms', 'k', new Date(T))).toEqual(record);
    expect(await store.findIdempotent('rooms', 'k', new Date(T + 1000))).toBeUndefined();
    await expect(store.checkWritable(new Date(T))).resolves.toBeUndefined();
  });

  it('schedules: versions guard writes, the configuration seeds without overwriting staff changes', async () => {
    const { schedules } = await open(engine);
    const now = new Date(T);
    const s = { clinicianId: 'dr-a', zone: 'Europe/Berlin', weekly, exceptions: [] };
    expect(await schedules.seed([s], now)).toEqual({ 'dr-a': 'inserted' });
    expect(await schedules.seed([s], now)).toEqual({ 'dr-a': 'unchanged' });
    expect(await schedules.create(s, now)).toBe('exists');
    const replaced = await schedules.replace({ ...s, zone: 'Europe/Paris' }, now, 1);
    expect(replaced).toMatchObject({ version: 2, origin: 'staff', zone: 'Europe/Paris' });
    expect(await schedules.replace(s, now, 1)).toBe('stale');
    const added = await schedules.addException('dr-a', { date: '2026-12-24', kind: 'closed' }, now, 2);
    if (added === 'stale' || added === undefined) throw new Error('not added');
    expect(added.schedule.exceptions).toHaveLength(1);
    expect((await schedules.removeException('dr-a', added.exception.id, now))!).toMatchObject({ version: 4 });
    expect(await schedules.seed([s], now)).toEqual({ 'dr-a': 'kept-staff' });
    // Concurrent writes at one version: exactly one wins.
    const raced = await Promise.all([1, 2, 3].map(() => schedules.replace(s, now, 4)));
    expect(raced.filter((r) => r !== 'stale')).toHaveLength(1);
    expect(await schedules.remove('dr-a', now)).toBe(true);
    expect(await schedules.list()).toEqual([]);
    expect(await schedules.seed([s], now)).toEqual({ 'dr-a': 'kept-deleted' });
  });
});

describe.runIf(ENGINES.includes('pg'))('PostgreSQL migrations', () => {
  it('five instances starting at once migrate once (advisory lock); a newer schema is refused', async () => {
    const db = await freshPgDatabase();
    try {
      const stores = await Promise.all(
        Array.from({ length: 5 }, () =>
          createPgStore({ url: db.url, dataKey: randomBytes(32), poolSize: 2 }),
        ),
      );
      const { rows } = await stores[0]!.pool.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(new Set(rows.map((r) => r.version)).size).toBe(rows.length);
      await stores[0]!.pool.query('INSERT INTO schema_migrations (version) VALUES (999)');
      await Promise.all(stores.map((s) => s.close()));
      await expect(createPgStore({ url: db.url, dataKey: randomBytes(32) })).rejects.toThrow(
        /newer than this server/,
      );
    } finally {
      await db.drop();
    }
  });
});

describe.runIf(ENGINES.includes('pg'))('single-flight room creation across instances (PostgreSQL)', () => {
  it('two instances asked for one appointment at once make one vendor room (advisory lock)', async () => {
    const db = await freshPgDatabase();
    const stores = await Promise.all([0, 1].map(() => createPgStore({ url: db.url, dataKey: KEY })));
    try {
      let creates = 0;
      let entered!: () => void;
      const first = new Promise<void>((resolve) => (entered = resolve));
      let finish!: () => void;
      const release = new Promise<void>((resolve) => (finish = resolve));
      const provider = {
        name: 'counting',
        capabilities: TEST_CAPABILITIES,
        allowedOrigins: [],
        iframeAllow: [],
        async createRoom() {
          creates++;
          entered();
          await release;
          return { vendorRoomId: `v-${creates}` };
        },
        joinLink: async () => ({ url: 'https://counting.test/x', expiresAt: new Date(T) }),
        cancelRoom: async () => {},
        roomState: async () => ({ phase: 'open' as const }),
      } satisfies VideoProvider;
      const services = stores.map((store) =>
        createRoomService({
          store,
          providers: new Map([['counting', provider]]),
          defaultProvider: 'counting',
          defaultVisitMinutes: 20,
          now: () => new Date(T),
        }),
      );
      const signal = new AbortController().signal;
      const a = services[0]!.ensure({ appointment: 'apt-x', participants: [] }, signal);
      // The second instance asks while the first is inside the vendor call.
      await first;
      const b = services[1]!.ensure({ appointment: 'apt-x', participants: [] }, signal);
      finish();
      const [ra, rb] = await Promise.all([a, b]);
      expect(creates).toBe(1);
      expect(rb.room.id).toBe(ra.room.id);
      expect([ra.created, rb.created]).toEqual([true, false]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });
});
