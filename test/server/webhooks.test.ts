import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { createJobRunner } from '../../src/server/jobs/runner.js';
import type { WebhookEventType } from '../../src/server/jobs/types.js';
import { createWebhookDelivery } from '../../src/server/jobs/webhook-delivery.js';
import { webhookJob, type WebhookData } from '../../src/server/jobs/webhook-event.js';
import { createVisitEventReporter, withVisitEvents } from '../../src/server/live/visit-events.js';
import { testServer } from '../support/server.js';
import type { ObservedState } from '../../src/server/live/room-watch.js';
import { createLogger } from '../../src/server/logger.js';
import { createSqliteStore, type SqliteStore } from '../../src/server/store/sqlite.js';
import type { RoomPhase } from '../../src/protocol/visits.js';

const T0 = Date.UTC(2026, 10, 30, 9);
let t = T0;
const now = () => new Date(t);
const secret = `whsec_${randomBytes(32).toString('base64')}`;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A portal's webhook endpoint on 127.0.0.1: answers each request with the next scripted answer. */
function receiver() {
  const received: Received[] = [];
  const answers: { status: number; headers?: Record<string, string>; hang?: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body });
      const answer = answers.shift() ?? { status: 204 };
      if (answer.hang) return;
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  return {
    received,
    answers,
    server,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
  };
}

let store: SqliteStore;
let portal: ReturnType<typeof receiver>;
let url: string;

beforeEach(async () => {
  t = T0;
  store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
  portal = receiver();
  url = await portal.listen();
});
afterEach(async () => {
  portal.server.closeAllConnections();
  await new Promise((resolve) => portal.server.close(resolve));
  await store.close();
});

const deliveries = (timeoutMs = 5000) =>
  createJobRunner({
    store: store.jobs,
    now,
    logger: createLogger('silent'),
    random: () => 0,
    timeoutMs: timeoutMs + 1000,
    handlers: { webhook: createWebhookDelivery({ url, secret, timeoutMs }) },
  });
const booked = () =>
  webhookJob(
    'appointment.booked',
    {
      appointmentId: 'apt_1',
      serviceId: 'derm',
      start: new Date(T0 + 86_400_000),
      end: new Date(T0 + 88_200_000),
    },
    now(),
  );
/** What a portal does: verifies the signature with the Standard Webhooks reference library. */
const verify = (r: Received, key = secret) =>
  new Webhook(key).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  });

describe('webhook delivery (Standard Webhooks)', () => {
  it('signs so that the reference library verifies it, and retries a failing receiver with the same id', async () => {
    const jobs = deliveries();
    const job = booked();
    await store.jobs.enqueue(job, now());
    portal.answers.push({ status: 500 });

    await jobs.runDue();
    expect(portal.received).toHaveLength(1);
    expect(await store.jobs.get(job.id!)).toMatchObject({
      status: 'queued',
      lastError: 'webhook-status-500',
    });
    t += 5000;
    await jobs.runDue();
    expect(portal.received).toHaveLength(2);
    expect((await store.jobs.get(job.id!))!.status).toBe('done');

    const [first, second] = portal.received;
    expect(first!.headers['webhook-id']).toBe(job.id);
    expect(second!.headers['webhook-id']).toBe(job.id);
    expect(first!.headers['content-type']).toBe('application/json');
    for (const r of portal.received) {
      expect(verify(r)).toEqual({
        type: 'appointment.booked',
        timestamp: new Date(T0).toISOString(),
        data: {
          appointmentId: 'apt_1',
          serviceId: 'derm',
          start: new Date(T0 + 86_400_000).toISOString(),
          end: new Date(T0 + 88_200_000).toISOString(),
        },
      });
    }
    // Another key does not verify: the signature is really keyed.
    expect(() => verify(second!, `whsec_${randomBytes(32).toString('base64')}`)).toThrow();
  });

  it('stops for good on 410 Gone, retries other refusals, and waits at least as long as Retry-After', async () => {
    const jobs = deliveries();
    const gone = booked();
    await store.jobs.enqueue(gone, now());
    portal.answers.push({ status: 410 });
    await jobs.runDue();
    expect(await store.jobs.get(gone.id!)).toMatchObject({
      status: 'failed',
      lastError: 'webhook-status-410',
    });

    const limited = booked();
    await store.jobs.enqueue(limited, now());
    portal.answers.push({ status: 429, headers: { 'retry-after': '120' } });
    await jobs.runDue();
    expect(await store.jobs.get(limited.id!)).toMatchObject({
      status: 'queued',
      lastError: 'webhook-status-429',
      runAt: new Date(t + 120_000),
    });

    const refused = booked();
    t += 200_000;
    await store.jobs.enqueue({ ...refused, runAt: now() }, now());
    portal.answers.push({ status: 204 }, { status: 400 });
    await jobs.runDue();
    expect(await store.jobs.get(limited.id!)).toMatchObject({ status: 'done' });
    expect(await store.jobs.get(refused.id!)).toMatchObject({
      status: 'queued',
      lastError: 'webhook-status-400',
    });
  });

  it('does not follow a redirect', async () => {
    const jobs = deliveries();
    const job = booked();
    await store.jobs.enqueue(job, now());
    portal.answers.push({ status: 302, headers: { location: '/elsewhere' } });
    await jobs.runDue();
    expect(portal.received.map((r) => r.path)).toEqual(['/hooks']);
    expect(await store.jobs.get(job.id!)).toMatchObject({
      status: 'queued',
      lastError: 'webhook-status-302',
    });
  });

  it('gives up on a receiver that does not answer within timeoutMs, and tries again later', async () => {
    const jobs = deliveries(100);
    const job = booked();
    await store.jobs.enqueue(job, now());
    portal.answers.push({ hang: true, status: 0 });
    await jobs.runDue();
    expect(await store.jobs.get(job.id!)).toMatchObject({ status: 'queued', lastError: 'webhook-timeout' });
  });
});

describe('webhooks in the consult server', () => {
  it('delivers from the job table with the configured target; logs name the job, never its data', async () => {
    const server = await testServer(
      { webhooks: { url, secret, timeoutMs: 2000 } },
      { store, now, jobs: { start: false, random: () => 0 } },
    );
    const job = booked();
    await store.jobs.enqueue(job, now());
    portal.answers.push({ status: 503 });
    await server.app.jobs.runDue();
    t += 5000;
    await server.app.jobs.runDue();
    expect(portal.received).toHaveLength(2);
    // The attempt's timestamp is the server's clock (a fake one here): the portal verifies at that time.
    expect(portal.received[1]!.headers['webhook-timestamp']).toBe(String((T0 + 5000) / 1000));
    vi.useFakeTimers({ toFake: ['Date'], now: T0 + 5000 });
    expect(verify(portal.received[1]!)).toMatchObject({ type: 'appointment.booked' });
    vi.useRealTimers();
    expect((await store.jobs.get(job.id!))!.status).toBe('done');

    const logged = server.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.job);
    expect(logged).toHaveLength(1);
    const { level: _l, time: _t, pid: _p, hostname: _h, service: _s, msg, ...fields } = logged[0]!;
    expect(msg).toBe('job failed, retrying');
    expect(fields).toEqual({ job: job.id, kind: 'webhook', attempt: 1, code: 'webhook-status-503' });
    expect(server.logLines.join('\n')).not.toContain('apt_1');
    // close() stops the runner before the database goes (the store is closed by afterEach too).
    store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
    await server.app.close();
  });

  it('without a webhooks target, completes webhook jobs without sending anything', async () => {
    const server = await testServer({}, { store, now, jobs: { start: false } });
    const job = booked();
    await store.jobs.enqueue(job, now());
    expect(await server.app.jobs.runDue()).toBe(1);
    expect((await store.jobs.get(job.id!))!.status).toBe('done');
    expect(portal.received).toEqual([]);
    store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
    await server.app.close();
  });

  it('starts an enqueued webhook at once when the runner runs (no poll interval to wait for)', async () => {
    const server = await testServer(
      { webhooks: { url, secret, timeoutMs: 2000 }, jobs: { pollIntervalMs: 300_000 } },
      { store },
    );
    const arrived = new Promise((resolve) => portal.server.once('request', resolve));
    await store.jobs.enqueue(
      webhookJob('visit.ended', { roomId: 'r1', endedAt: new Date() }, new Date()),
      new Date(),
    );
    await arrived;
    store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
    await server.app.close();
  });
});

describe('webhook payloads carry ids and times only', () => {
  const samples: Record<WebhookEventType, WebhookData> = {
    'appointment.booked': { appointmentId: 'a1', start: new Date(T0), end: new Date(T0 + 1) },
    'appointment.rescheduled': {
      appointmentId: 'a1',
      start: new Date(T0),
      end: new Date(T0 + 1),
      previousStart: new Date(T0 - 1),
      previousEnd: new Date(T0),
    },
    'appointment.cancelled': { appointmentId: 'a1', cancelledAt: new Date(T0) },
    'appointment.vendor-failed': { appointmentId: 'a1', code: 'vendor-unavailable', failedAt: new Date(T0) },
    'visit.started': { roomId: 'r1', appointmentId: 'a1', startedAt: new Date(T0) },
    'visit.ended': { roomId: 'r1', endedAt: new Date(T0) },
  };

  it('every event type serializes to ids, ISO instants and codes', () => {
    for (const [type, data] of Object.entries(samples) as [WebhookEventType, WebhookData][]) {
      const { payload } = webhookJob(type, data, now());
      for (const [key, value] of Object.entries(payload)) {
        expect(
          /Id$/.test(key) ||
            (/(At|^start|^end|Start|End)$/.test(key) && !Number.isNaN(Date.parse(String(value)))) ||
            ['type', 'timestamp', 'code'].includes(key),
          `${type}.${key}`,
        ).toBe(true);
      }
    }
  });

  it('refuses patient details, by type and at run time, without repeating them', () => {
    const refused: Record<string, unknown>[] = [
      { patientName: 'Erika Mustermann' },
      { email: 'erika@example.org' },
      { phone: '+49 30 1234567' },
      { dateOfBirth: new Date(0) },
      { joinUrl: 'https://vendor.example/room?token=x' },
      // A detail smuggled in under an id's name: an id is an opaque token.
      { patientId: 'erika@example.org' },
      { patientId: 'Erika Mustermann' },
      { start: '2026-01-01T00:00:00Z' },
      { code: 'Allergic to penicillin' },
    ];
    for (const data of refused) {
      expect(() => webhookJob('appointment.booked', data as WebhookData, now())).toThrow(TypeError);
      try {
        webhookJob('appointment.booked', data as WebhookData, now());
      } catch (error) {
        for (const value of Object.values(data))
          expect((error as Error).message).not.toContain(String(value));
      }
    }
    // @ts-expect-error a name is neither an id, an instant nor a code
    expect(() => webhookJob('appointment.booked', { patientName: 'x' }, now())).toThrow();
    // @ts-expect-error an email neither
    expect(() => webhookJob('appointment.booked', { appointmentId: 'a', email: 'x@y.z' }, now())).toThrow();
  });
});

describe('visit.started / visit.ended from the live state', () => {
  it('enqueues each once per room, and visit.ended only for a visit that started', async () => {
    for (const id of ['room-1', 'room-2']) {
      await store.insertRoom({
        id,
        provider: 'sandbox',
        appointment: `apt-${id}`,
        vendorRoomId: id,
        vendorData: {},
        status: 'open',
        startsAt: new Date(T0),
        durationMinutes: 30,
        clinicianName: 'Dr. Erika Mustermann',
      });
    }
    const phases = new Map<string, RoomPhase>();
    const observe = withVisitEvents(
      async (roomId) => ({
        state: { roomId, phase: phases.get(roomId)!, observedAt: now().toISOString() } as ObservedState,
      }),
      { report: createVisitEventReporter({ store, jobs: store.jobs, now }), logger: createLogger('silent') },
    );
    const poll = async (roomId: string, phase: RoomPhase) => {
      phases.set(roomId, phase);
      await observe(roomId, new AbortController().signal);
    };

    await poll('room-1', 'waiting');
    await poll('room-1', 'open');
    await poll('room-2', 'ended');
    expect(await store.jobs.list()).toEqual([]);
    await poll('room-1', 'live');
    t += 60_000;
    await poll('room-1', 'live');
    await poll('room-1', 'ended');
    await poll('room-1', 'ended');
    // Another process (a new observer) that sees the same room adds nothing.
    const again = withVisitEvents(
      async (roomId) => ({ state: { roomId, phase: 'ended', observedAt: '' } as ObservedState }),
      { report: createVisitEventReporter({ store, jobs: store.jobs, now }), logger: createLogger('silent') },
    );
    await again('room-1', new AbortController().signal);

    const jobs = await store.jobs.list();
    expect(jobs.map((j) => [j.dedupeKey, j.payload])).toEqual([
      [
        'visit.ended:room-1',
        {
          type: 'visit.ended',
          timestamp: new Date(T0 + 60_000).toISOString(),
          roomId: 'room-1',
          appointmentId: 'apt-room-1',
          endedAt: new Date(T0 + 60_000).toISOString(),
        },
      ],
      [
        'visit.started:room-1',
        {
          type: 'visit.started',
          timestamp: new Date(T0).toISOString(),
          roomId: 'room-1',
          appointmentId: 'apt-room-1',
          startedAt: new Date(T0).toISOString(),
        },
      ],
    ]);
    // The clinician's name is in the room, never in an event.
    expect(JSON.stringify(jobs)).not.toContain('Mustermann');
  });
});

describe('webhooks configuration', () => {
  const base = {
    publicUrl: 'https://consult.example',
    audience: 'consult',
    issuers: [{ issuer: 'p', algorithms: ['HS256'], secret: 's'.repeat(32) }],
    allowedOrigins: [],
    pseudonymSecret: 'p'.repeat(32),
  };
  const parse = (webhooks: unknown) => parseConfig({ ...base, webhooks });
  const issues = (webhooks: unknown) => {
    try {
      parse(webhooks);
      return [];
    } catch (error) {
      return (error as ConfigError).issues;
    }
  };

  it('takes an https URL (http on loopback only) and a whsec_ secret of at least 24 bytes', () => {
    expect(parse({ url: 'https://portal.example/hooks', secret }).webhooks).toEqual({
      url: 'https://portal.example/hooks',
      secret,
      timeoutMs: 15_000,
    });
    expect(parse({ url: 'http://127.0.0.1:8891/hooks', secret }).webhooks?.url).toBe(
      'http://127.0.0.1:8891/hooks',
    );
    expect(issues({ url: 'http://portal.example/hooks', secret })).toEqual([
      'webhooks.url: must use https: (http: only for localhost)',
    ]);
    expect(
      issues({ url: 'https://portal.example/hooks', secret: randomBytes(32).toString('base64') }),
    ).toEqual(['webhooks.secret: must be whsec_ followed by base64']);
    expect(
      issues({ url: 'https://portal.example/hooks', secret: `whsec_${randomBytes(23).toString('base64')}` }),
    ).toEqual(['webhooks.secret: must hold at least 24 bytes']);
  });
});
