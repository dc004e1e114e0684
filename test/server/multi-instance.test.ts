import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';
import { ENGINES, freshPgDatabase } from './support/engines.js';
import { post, running, startInstance, stopInstances, type Instance } from './support/instances.js';

/**
 * Three consult-server processes on ports 9810-9812 share one PostgreSQL database: nothing that must
 * happen once happens twice, and killing one (-9) mid-load loses nothing.
 */
const PORTS = [9810, 9811, 9812];
const MINUTE = 60_000;
/** Slots in the future of the real clock (the instances run on it), on the 5-minute grid. */
const BASE = Date.UTC(2031, 2, 3, 8, 0);

const hs = new TextEncoder().encode(HS_SECRET);

describe.runIf(ENGINES.includes('pg'))('three instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let instances: Instance[] = [];
  let sql: pg.Pool;

  beforeAll(async () => {
    db = await freshPgDatabase();
    // Started one after the other would hide a migration race: all three migrate at once.
    instances = await Promise.all(PORTS.map((port) => startInstance(port, db.url)));
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    await sql.query('CREATE TABLE test_webhook_runs (job_id TEXT NOT NULL, port TEXT NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    await stopInstances(instances);
    await sql?.end();
    await db?.drop();
  });

  it('migrated once: every version recorded exactly once', async () => {
    const { rows } = await sql.query<{ version: number; n: string }>(
      'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version',
    );
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('a ticket accepted by one instance is refused as replayed by the others', async () => {
    const staff = await signTicket(hs, { alg: 'HS256', iss: HS_ISSUER, role: 'staff', sub: 'scheduler' });
    const opened = await post(
      instances[0]!.url,
      '/v1/rooms',
      { appointment: 'apt-replay' },
      {
        authorization: `Bearer ${staff}`,
      },
    );
    expect(opened.status).toBe(201);
    const ticket = await signTicket(hs, { alg: 'HS256', iss: HS_ISSUER, appointment: 'apt-replay' });
    const answers = [];
    for (const i of instances) {
      const res = await post(
        i.url,
        '/v1/join',
        { appointment: 'apt-replay' },
        { authorization: `Bearer ${ticket}` },
      );
      answers.push([res.status, res.status === 200 ? 'ok' : (await res.json()).code]);
    }
    expect(answers[0]).toEqual([200, 'ok']);
    expect(answers.slice(1)).toEqual([
      [401, 'ticket-replayed'],
      [401, 'ticket-replayed'],
    ]);
    // and the same ticket sent to all three at once is accepted by exactly one
    const raced = await signTicket(hs, { alg: 'HS256', iss: HS_ISSUER, appointment: 'apt-replay' });
    const statuses = await Promise.all(
      instances.map(
        async (i) =>
          (await post(i.url, '/v1/join', { appointment: 'apt-replay' }, { authorization: `Bearer ${raced}` }))
            .status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
  });

  it('300 concurrent bookings of 100 slots across the instances, one killed -9 mid-load: 100 booked, 200 slot-taken, none lost or doubled, its jobs finished by the others', async () => {
    let done = 0;
    const victim = instances[2]!;
    const alive = () => instances.filter(running);
    /** Sends to instance `n` (of the live ones); a connection the kill broke is sent again to another. */
    const send = async (n: number, path: string, body: unknown, headers: Record<string, string>) => {
      for (let attempt = 0; ; attempt++) {
        const live = alive();
        const target = live[(n + attempt) % live.length]!;
        try {
          const res = await post(target.url, path, body, headers);
          // The first request of this key died with the victim: its claim holds until its lease ends.
          if (res.status === 409 && res.headers.get('retry-after') && path === '/v1/appointments') {
            const code = (await res.clone().json()).code;
            if (code === 'idempotency-key-in-flight') {
              await new Promise((resolve) => setTimeout(resolve, 500));
              continue;
            }
          }
          return res;
        } catch {
          if (attempt > 20) throw new Error('no instance answers');
        }
      }
    };
    const attempt = async (i: number) => {
      const slot = i % 100;
      const start = new Date(BASE + slot * 30 * MINUTE).toISOString();
      const session = randomUUID();
      const held = await send(i, '/v1/holds', { service: 'derm-20', start }, { 'booking-session': session });
      const h = await held.json();
      if (held.status !== 201) return h.code as string;
      const key = randomUUID();
      const booked = await send(
        i + 1,
        '/v1/appointments',
        {
          holdId: h.holdId,
          holdSecret: h.holdSecret,
          patient: { name: 'Erika Mustermann', email: 'erika@example.org' },
        },
        { 'idempotency-key': key, 'booking-session': h.session },
      );
      const b = await booked.json();
      // Mid-load: half of the bookings answered, the others still coming.
      if (++done === 50) victim.child.kill('SIGKILL');
      return booked.status === 201 ? `booked:${b.appointment.id}` : (b.code as string);
    };
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => attempt(i)));
    await victim.exited;

    const booked = outcomes.filter((o) => o.startsWith('booked:'));
    expect(booked).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'slot-taken')).toHaveLength(200);
    // None lost, none doubled: the database holds exactly the answered appointments, one per slot.
    const { rows: appointments } = await sql.query<{ id: string; starts_at: number }>(
      "SELECT id, starts_at FROM appointments WHERE status != 'cancelled'",
    );
    expect(appointments.map((a) => `booked:${a.id}`).sort()).toEqual([...booked].sort());
    expect(new Set(appointments.map((a) => Number(a.starts_at))).size).toBe(100);

    // Every job (vendor.create, webhook) ends done, the victim's included (taken over after its lease).
    await expect
      .poll(
        async () =>
          (await sql.query<{ n: string }>("SELECT count(*) AS n FROM jobs WHERE status != 'done'")).rows[0]!
            .n,
        { timeout: 30_000, interval: 250 },
      )
      .toBe('0');
    const { rows: jobs } = await sql.query<{ kind: string; n: string }>(
      'SELECT kind, count(*) AS n FROM jobs GROUP BY kind ORDER BY kind',
    );
    expect(jobs).toEqual([
      { kind: 'vendor.create', n: '100' },
      // appointment.booked, one per appointment
      { kind: 'webhook', n: '100' },
    ]);
    // Each vendor side made once: one sandbox room per appointment, all appointments booked.
    const { rows: rooms } = await sql.query<{ n: string }>(
      "SELECT count(*) AS n FROM rooms WHERE provider = 'sandbox' AND appointment IN (SELECT room_key FROM appointments)",
    );
    expect(rooms[0]!.n).toBe('100');
    const { rows: states } = await sql.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM appointments GROUP BY status',
    );
    expect(states).toEqual([{ status: 'booked', n: '100' }]);
    // Every webhook delivered at least once; more than once only if its worker was the one killed.
    const { rows: runs } = await sql.query<{ job_id: string; n: string; ports: string[] }>(
      'SELECT job_id, count(*) AS n, array_agg(port) AS ports FROM test_webhook_runs GROUP BY job_id',
    );
    expect(runs).toHaveLength(100);
    for (const r of runs.filter((r) => Number(r.n) > 1)) {
      expect(r.ports).toContain(String(victim.port));
    }
  }, 120_000);
});
