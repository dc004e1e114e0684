import { afterEach, describe, expect, it } from 'vitest';
import { webhookJob } from '../../src/server/jobs/webhook-event.js';
import { ProblemError } from '../../src/server/problem-error.js';
import type { VideoProvider } from '../../src/server/providers/types.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import { readSse } from './support/sse.js';
import { spyProvider } from './support/spy-provider.js';

// Issue 11: the clinician ends the visit for everyone. `POST /v1/visits/:appointment/end`: clinician
// tickets only, the visit's own clinician only, idempotent, an audit row without patient detail, the
// vendor's end where it has one, and the live state `ended` at once.
type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const FAST = { pollIntervalMs: 60_000, heartbeatMs: 60_000, maxStreamMs: 60_000 };

async function start(extra: Partial<VideoProvider> = {}) {
  const spy = spyProvider();
  const ends: string[] = [];
  const provider: VideoProvider = {
    ...spy.provider,
    async endRoom(room) {
      ends.push(room.id);
    },
    ...extra,
  };
  server = await testServer({ provider: 'spy' }, { providers: [provider], liveTimings: FAST });
  const s = server;
  const ticket = (role: string, claims: Record<string, unknown> = {}) =>
    signTicket(s.keys.privateKey, { role: role as never, sub: `${role}-1`, ...claims });
  const end = async (appointment: string, token?: string) =>
    s.app.request(`/v1/visits/${appointment}/end`, {
      method: 'POST',
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const clinician = (appointment = 'apt-1') => ticket('clinician', { appointment, name: 'Dr. Secret' });
  const room = await s.openVisit('apt-1', { startsAt: new Date(Date.now() + 60_000).toISOString() });
  const audit = async () =>
    (await s.store.queryAudit({ from: new Date(0), to: new Date(Date.now() + 60_000), limit: 100 })).filter(
      (r) => r.type === 'visit.ended',
    );
  return { s, spy, ends, ticket, end, clinician, room, audit };
}

const codes = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return [res.status, ((await res.json()) as { code: string }).code];
};

describe('POST /v1/visits/:appointment/end', () => {
  it('ends the visit: the vendor once, the room ended, one audit row; a second end changes nothing', async () => {
    const { s, ends, end, clinician, room, audit } = await start();
    const res = await end('apt-1', await clinician());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ appointment: 'apt-1', roomId: room.roomId, status: 'ended' });
    expect(ends).toEqual([room.roomId]);
    expect((await s.store.findRoom(room.roomId))?.status).toBe('ended');

    const again = await end('apt-1', await clinician());
    expect([again.status, (await again.json()).status]).toEqual([200, 'ended']);
    expect(ends).toHaveLength(1);
    const rows = await audit();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'clinician', roomId: room.roomId, provider: 'spy' });
    expect(rows[0]?.actor).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    expect(JSON.stringify(rows)).not.toContain('Dr. Secret');
    expect(s.logLines.join('\n')).not.toContain('Dr. Secret');

    // Nobody joins an ended visit.
    const join = await s.join(await clinician(), { appointment: 'apt-1' });
    expect(await codes(join)).toEqual([409, 'room-ended']);
  });

  it('refuses patients, staff, other clinicians and other appointments before anything ends', async () => {
    const { ends, end, ticket, clinician, s, room } = await start();
    await s.openVisit('apt-2');
    expect(await codes(await end('apt-1'))).toEqual([401, 'ticket-missing']);
    expect(await codes(await end('apt-1', await ticket('patient', { appointment: 'apt-1' })))).toEqual([
      403,
      'forbidden-role',
    ]);
    expect(await codes(await end('apt-1', await ticket('staff')))).toEqual([403, 'forbidden-role']);
    // A clinician ticket for another appointment, or for none: the claim must be there and match.
    expect(await codes(await end('apt-1', await clinician('apt-2')))).toEqual([403, 'forbidden-scope']);
    expect(await codes(await end('apt-1', await ticket('clinician')))).toEqual([403, 'forbidden-scope']);
    expect(await codes(await end('apt-9', await clinician('apt-9')))).toEqual([404, 'room-not-found']);
    expect(await codes(await end('bad%20id', await clinician()))).toEqual([400, 'bad-request']);
    expect(ends).toEqual([]);
    expect((await s.store.findRoom(room.roomId))?.status).toBe('open');
  });

  it('refuses a cancelled visit with 409, and keeps the room open when the vendor fails (retry works)', async () => {
    let fail = true;
    const { s, end, clinician, room, audit } = await start({
      async endRoom() {
        if (fail) throw new ProblemError('vendor-timeout', 'spy did not answer in time');
      },
    });
    expect(await codes(await end('apt-1', await clinician()))).toEqual([504, 'vendor-timeout']);
    expect((await s.store.findRoom(room.roomId))?.status).toBe('open');
    expect(await audit()).toHaveLength(0);
    fail = false;
    expect((await end('apt-1', await clinician())).status).toBe(200);

    const other = await s.openVisit('apt-3');
    const staff = await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    const cancelled = await s.app.request(`/v1/rooms/${other.roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(cancelled.status).toBe(204);
    expect(await codes(await end('apt-3', await clinician('apt-3')))).toEqual([409, 'room-ended']);
  });

  it('tells the watchers at once and sends visit.ended once, when the visit had started', async () => {
    const { s, spy, end, clinician, ticket, room } = await start();
    spy.control.phase = 'live';
    const stream = readSse(
      await s.app.request(`/v1/rooms/${room.roomId}/events`, {
        headers: { authorization: `Bearer ${await ticket('patient', { appointment: 'apt-1' })}` },
      }),
    );
    expect((await stream.nextState()).phase).toBe('live');
    // The watcher saw it live: `visit.started` is recorded (the poll interval is a minute: the next
    // state can only come from the end command's refresh).
    expect((await end('apt-1', await clinician())).status).toBe(200);
    expect((await stream.nextState()).phase).toBe('ended');
    await end('apt-1', await clinician());
    const webhooks = (await s.store.jobs.list({ kind: 'webhook' })).map((j) => j.payload.type);
    expect(webhooks.filter((t) => t === 'visit.started')).toHaveLength(1);
    expect(webhooks.filter((t) => t === 'visit.ended')).toHaveLength(1);
  });

  it('sends no visit.ended for a visit that never started', async () => {
    const { s, end, clinician } = await start();
    expect((await end('apt-1', await clinician())).status).toBe(200);
    const webhooks = (await s.store.jobs.list({ kind: 'webhook' })).map((j) => j.payload.type);
    expect(webhooks).not.toContain('visit.ended');
    // And with a start recorded by another process, the end command sends it.
    const other = await s.openVisit('apt-4');
    const at = new Date();
    await s.store.jobs.enqueue(
      webhookJob('visit.started', { roomId: other.roomId, startedAt: at }, at, {
        dedupeKey: `visit.started:${other.roomId}`,
      }),
      at,
    );
    expect((await end('apt-4', await clinician('apt-4'))).status).toBe(200);
    const after = (await s.store.jobs.list({ kind: 'webhook' })).map((j) => j.payload.type);
    expect(after.filter((t) => t === 'visit.ended')).toHaveLength(1);
  });
});
