import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';
import { APIZEE_API, createApizeeFake } from '../vendors/apizee/fake.js';
import { serveFake } from '../vendors/support/serve-fake.js';
import { ENGINES, freshPgDatabase } from './support/engines.js';
import { post, running, startInstance, stopInstances, type Instance } from './support/instances.js';
import { readSse } from './support/sse.js';

/**
 * Ten browsers watch one Apizee room through three consult-server processes on one PostgreSQL: the
 * vendor (a served fake, in this process) sees one room-state request per poll interval in total, from
 * the instance holding the room's poll lease, and every stream gets every change. Killed -9, the poller's
 * lease runs out and another instance polls in its place; the streams on the survivors go on.
 *
 * Each instance talks to the fake with an access token of its own, so that the fake tells who asked.
 */
/** The three instances' ports, and the vendor fake's. */
const PORTS = [19110, 19111, 19112];
const VENDOR_PORT = 19120;
const POLL_MS = 100;
/** The poll lease (10 intervals: an instance stalled on this busy machine keeps it). */
const LEASE_MS = 1000;
const STREAMS = 10;
/** Polls counted per window: a window spans POLLS - 1 intervals at least when one instance polls. */
const POLLS = 15;

interface Poll {
  at: number;
  token: string;
  search: string;
}

const hs = new TextEncoder().encode(HS_SECRET);
const ticket = (claims: Record<string, unknown>) =>
  signTicket(hs, { alg: 'HS256', iss: HS_ISSUER, ...claims });

describe.runIf(ENGINES.includes('pg'))('ten streams on one room through three instances', () => {
  const apizee = createApizeeFake();
  const polls: Poll[] = [];
  /** Resolvers waiting for the poll count to reach a number. */
  const waiting: { n: number; resolve: () => void }[] = [];
  let served: Awaited<ReturnType<typeof serveFake>>;
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let instances: Instance[] = [];
  let tokens: string[] = [];
  let sql: pg.Pool;

  /** Resolves once the fake has seen `n` room-state requests in all; fails the test after `ms`. */
  const pollsReach = (n: number, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      if (polls.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`${polls.length} polls, not ${n}, in ${ms} ms`)), ms);
      waiting.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });

  beforeAll(async () => {
    served = await serveFake(apizee.handlers, new URL(APIZEE_API).origin, {
      port: VENDOR_PORT,
      onRequest: (request) => {
        const url = new URL(request.url);
        if (request.method !== 'GET' || url.pathname !== '/api/conferences') return;
        const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
        polls.push({ at: performance.now(), token, search: url.searchParams.get('search') ?? '' });
        for (const w of waiting.filter((w) => polls.length >= w.n)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      },
    });
    db = await freshPgDatabase();
    tokens = [0, 1, 2].map(() => apizee.issueToken());
    instances = await Promise.all(
      tokens.map((token, i) =>
        startInstance(PORTS[i]!, db.url, {
          VC_APIZEE_URL: served.url,
          VC_APIZEE_TOKEN: token,
          VC_POLL_MS: String(POLL_MS),
          VC_LEASE_MS: String(LEASE_MS),
        }),
      ),
    );
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    // The drop at the end terminates connections the pool is still closing.
    sql.on('error', () => {});
    // The instances' webhook handler records its runs here (a room going live enqueues `visit.started`).
    await sql.query('CREATE TABLE test_webhook_runs (job_id TEXT NOT NULL, port TEXT NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    await stopInstances(instances);
    await sql?.end();
    await db?.drop();
    await served?.close();
  });

  /** Opens the Apizee room of `appointment` (one patient) on the first instance; answers its id. */
  const openRoom = async (appointment: string) => {
    const staff = await ticket({ role: 'staff', sub: 'scheduler' });
    const opened = await post(
      instances[0]!.url,
      '/v1/rooms',
      {
        appointment,
        durationMinutes: 60,
        participants: [{ subject: 'patient-1', role: 'patient', email: 'erika@example.org' }],
      },
      { authorization: `Bearer ${staff}` },
    );
    expect(opened.status).toBe(201);
    return ((await opened.json()) as { roomId: string }).roomId;
  };
  const join = async (instance: Instance, appointment: string) =>
    post(
      instance.url,
      '/v1/join',
      { appointment },
      { authorization: `Bearer ${await ticket({ appointment, sub: 'patient-1' })}` },
    );

  /** The polls from the `from`-th on: how many, who asked, and whether they came one interval apart. */
  const window = (from: number, roomId: string) => {
    const seen = polls.slice(from).filter((p) => p.search === roomId);
    const spanMs = seen.at(-1)!.at - seen[0]!.at;
    return {
      count: seen.length,
      spanMs,
      // N intervals hold at most N + 1 polls when one instance polls; three pollers would make ~3N.
      atMost: Math.floor(spanMs / POLL_MS) + 1,
      pollers: new Set(seen.map((p) => tokens.indexOf(p.token))),
    };
  };

  it('one vendor poll per interval in all, every stream told every change, and the same after the poller is killed -9', async () => {
    const roomId = await openRoom('apt-live');
    const conference = [...apizee.conferences.values()].find((c) => c.name === roomId)!;

    // Ten streams, spread over the three instances (4, 3, 3), each with a ticket of its own.
    const streams = [];
    for (let i = 0; i < STREAMS; i++) {
      const instance = instances[i % 3]!;
      const res = await fetch(`${instance.url}/v1/rooms/${roomId}/events`, {
        headers: { authorization: `Bearer ${await ticket({ appointment: 'apt-live', sub: 'patient-1' })}` },
      });
      expect(res.status).toBe(200);
      streams.push({ instance, sse: readSse(res) });
    }
    for (const { sse } of streams) expect((await sse.nextState(10_000)).phase).toBe('open');

    // Steady state: POLLS polls from now on, counted against the time they span.
    const mark = polls.length;
    await pollsReach(mark + POLLS);
    const before = window(mark, roomId);
    expect(before.count).toBeGreaterThanOrEqual(POLLS);
    expect(before.count).toBeLessThanOrEqual(before.atMost);
    expect(before.pollers.size).toBe(1);
    const leader = instances[[...before.pollers][0]!]!;
    // The lease row says the same: one row for the room, unexpired.
    const { rows } = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM room_pollers WHERE room = $1 AND until > (extract(epoch FROM clock_timestamp()) * 1000)::bigint`,
      [roomId],
    );
    expect(rows[0]!.n).toBe('1');

    // A change reaches every stream, whichever instance it is on.
    apizee.setConferenceStatus(conference.id, 'ongoing');
    for (const { sse } of streams) expect((await sse.nextState(10_000)).phase).toBe('live');

    // A join asks the vendor nothing for the phase of a watched room: the watcher's latest state answers
    // (on the instances that do not poll, the one the poller shared), so they still make no vendor request.
    const leaderIndex = instances.indexOf(leader);
    const beforeJoins = polls.length;
    for (const instance of instances) {
      const joined = await join(instance, 'apt-live');
      expect(joined.status).toBe(200);
      expect(((await joined.json()) as { phase?: string }).phase).toBe('live');
    }
    expect(polls.slice(beforeJoins).filter((p) => tokens.indexOf(p.token) !== leaderIndex)).toEqual([]);
    // A room nobody watches: each join asks the vendor once, from the instance it came to.
    const quietRoom = await openRoom('apt-quiet');
    for (const [n, instance] of instances.entries()) {
      const joined = await join(instance, 'apt-quiet');
      expect(((await joined.json()) as { phase?: string }).phase).toBe('open');
      const asked = polls.filter((p) => p.search === quietRoom);
      expect(asked).toHaveLength(n + 1);
      expect(asked.at(-1)!.token).toBe(tokens[n]);
    }

    // The poller killed -9: its streams end; after its lease another instance polls and tells the rest.
    leader.child.kill('SIGKILL');
    await leader.exited;
    const killedAt = performance.now();
    const afterKill = polls.length;
    const survivors = streams.filter((s) => s.instance !== leader);
    expect(survivors.length).toBeGreaterThanOrEqual(6);
    for (const { sse } of streams.filter((s) => s.instance === leader)) {
      // Ended or broken, not merely quiet (a quiet stream times out).
      const end = await sse.nextEvent(10_000).then(
        (event) => event ?? 'ended',
        (error: Error) => (/^no event within/.test(error.message) ? 'quiet' : 'broken'),
      );
      expect(['ended', 'broken']).toContain(end);
    }
    apizee.setConferenceStatus(conference.id, 'scheduled');
    for (const { sse } of survivors) expect((await sse.nextState(10_000)).phase).toBe('open');
    const tookOverMs = polls.slice(afterKill).find((p) => p.search === roomId)!.at - killedAt;

    const mark2 = polls.length;
    await pollsReach(mark2 + POLLS);
    const after = window(mark2, roomId);
    expect(after.count).toBeLessThanOrEqual(after.atMost);
    expect(after.pollers.size).toBe(1);
    const next = instances[[...after.pollers][0]!]!;
    expect(next).not.toBe(leader);
    expect(running(next)).toBe(true);
    apizee.setConferenceStatus(conference.id, 'ongoing');
    for (const { sse } of survivors) expect((await sse.nextState(10_000)).phase).toBe('live');

    console.log(
      `live poll, 3 instances, ${STREAMS} streams, ${POLL_MS} ms interval, ${LEASE_MS} ms lease: ` +
        `${before.count} polls in ${Math.round(before.spanMs)} ms before the kill, ` +
        `${after.count} in ${Math.round(after.spanMs)} ms after; first poll after kill -9 of the poller ` +
        `${Math.round(tookOverMs)} ms later`,
    );
    for (const { sse } of survivors) await sse.cancel();
  }, 90_000);
});
