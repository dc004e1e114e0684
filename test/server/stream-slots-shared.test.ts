import { afterEach, describe, expect, it } from 'vitest';
import { createStreamSlots } from '../../src/server/live/stream-slots.js';
import { ProblemError } from '../../src/server/problem-error.js';
import { NOW_MS } from '../../src/server/store/pg-common.js';
import { testServer } from '../support/server.js';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';
import { pgInstances, PG_REACHABLE } from './support/engines.js';
import { readSse } from './support/sse.js';
import { spyProvider } from './support/spy-provider.js';

const SECRET = 'test-pseudonym-secret-of-32-bytes-or-more';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function instances(n: number) {
  const { stores, close } = await pgInstances(n);
  cleanup.push(close);
  return stores;
}

const refused = (p: Promise<unknown>) =>
  p.then(
    () => 'taken',
    (e: unknown) => (e instanceof ProblemError ? e.code : String(e)),
  );

describe.skipIf(!PG_REACHABLE)('open streams per subject across instances (PostgreSQL)', () => {
  it('holds the per-subject cap across two instances, and frees a slot given back on either', async () => {
    const [a, b] = await instances(2);
    const limits = { perIp: 100, perSubject: 2 };
    const sharedA = a!.sharedSubjectSlots!({ secret: SECRET });
    const sharedB = b!.sharedSubjectSlots!({ secret: SECRET });
    cleanup.push(async () => (sharedA.close(), sharedB.close()));
    const slotsA = createStreamSlots(limits, sharedA);
    const slotsB = createStreamSlots(limits, sharedB);
    const first = await slotsA.acquire('10.0.0.1', 'patient-1');
    await slotsB.acquire('10.0.0.2', 'patient-1');
    expect(await refused(slotsA.acquire('10.0.0.1', 'patient-1'))).toBe('rate-limited');
    expect(await refused(slotsB.acquire('10.0.0.2', 'patient-1'))).toBe('rate-limited');
    // Another subject is not affected; the subject is stored as a keyed hash, never in clear.
    await slotsB.acquire('10.0.0.2', 'patient-2');
    const { rows } = await a!.pool.query<{ subject: string }>('SELECT subject FROM stream_slots');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.subject).join()).not.toMatch(/patient/);
    first();
    await expect.poll(() => refused(slotsB.acquire('10.0.0.2', 'patient-1'))).toBe('taken');
  });

  it("releases a killed instance's streams when their heartbeat stops", async () => {
    const [a, b] = await instances(2);
    const limits = { perIp: 100, perSubject: 1 };
    // A lifetime of 3 s renewed every second: a busy machine may delay a beat by a second and the slot holds.
    const sharedA = a!.sharedSubjectSlots!({ secret: SECRET, ttlMs: 3000 });
    const sharedB = b!.sharedSubjectSlots!({ secret: SECRET, ttlMs: 3000 });
    cleanup.push(async () => sharedB.close());
    const slotsA = createStreamSlots(limits, sharedA);
    const slotsB = createStreamSlots(limits, sharedB);
    await slotsA.acquire('10.0.0.1', 'patient-1');
    // A's heartbeat keeps its slot past its first lifetime: wait, on the database's clock, until that is over.
    const expiry = async () =>
      Number((await a!.pool.query<{ until: string }>('SELECT until FROM stream_slots')).rows[0]!.until);
    const firstExpiry = await expiry();
    const dbNow = async () =>
      Number((await a!.pool.query<{ now: string }>(`SELECT ${NOW_MS} AS now`)).rows[0]!.now);
    await expect.poll(dbNow, { timeout: 10_000 }).toBeGreaterThan(firstExpiry);
    expect(await expiry()).toBeGreaterThan(firstExpiry);
    expect(await refused(slotsB.acquire('10.0.0.2', 'patient-1'))).toBe('rate-limited');
    sharedA.close(); // killed: no release, no heartbeat
    await expect
      .poll(() => refused(slotsB.acquire('10.0.0.2', 'patient-1')), { timeout: 15_000 })
      .toBe('taken');
  });

  it('refuses a second stream of one subject on another app instance (429), and takes it once the first ends', async () => {
    const [a, b] = await instances(2);
    const hs = new TextEncoder().encode(HS_SECRET);
    const liveTimings = { pollIntervalMs: 40, heartbeatMs: 10_000, maxStreamMs: 10_000 };
    const servers: Awaited<ReturnType<typeof testServer>>[] = [];
    for (const store of [a!, b!]) {
      const s = await testServer(
        { provider: 'spy', live: { maxStreamsPerSubject: 1 } },
        { providers: [spyProvider().provider], liveTimings, store },
      );
      servers.push(s);
    }
    cleanup.push(async () => {
      for (const s of servers) await s.app.close().catch(() => {});
    });
    const [one, two] = servers;
    const ticket = (claims: Record<string, unknown>) =>
      signTicket(hs, { alg: 'HS256', iss: HS_ISSUER, ...claims });
    const created = await one!.openRoom(await ticket({ role: 'clinician', sub: 'dr-1' }), {
      appointment: 'apt-1',
    });
    const { roomId } = (await created.json()) as { roomId: string };
    const events = async (s: typeof one) =>
      s!.app.request(`/v1/rooms/${roomId}/events`, {
        headers: {
          authorization: `Bearer ${await ticket({ role: 'patient', sub: 'p-1', appointment: 'apt-1' })}`,
        },
      });
    const first = readSse(await events(one));
    await first.nextState();
    const second = await events(two);
    expect(second.status).toBe(429);
    expect((await second.json()).code).toBe('rate-limited');
    await first.cancel();
    await expect.poll(async () => (await events(two)).status).toBe(200);
  });
});
