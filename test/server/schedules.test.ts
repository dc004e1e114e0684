import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { testServer } from '../support/server.js';
import { clinic, ticketAt } from './support/scheduling.js';

const NOW = new Date('2026-05-04T06:00:00Z'); // Monday
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer({ booking: clinic() }, { now: () => NOW });
});
afterAll(() => server.app.close());

type Role = 'patient' | 'clinician' | 'staff';
const call = async (
  method: string,
  path: string,
  body?: unknown,
  role: Role = 'staff',
  headers: Record<string, string> = {},
) =>
  server.app.request(path, {
    method,
    headers: {
      // Patient tickets name an appointment (the issuer's default `patientScope`).
      authorization: `Bearer ${await ticketAt(server.keys, NOW, role, role === 'patient' ? { appointment: 'apt-1' } : {})}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
const weekday = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '12:00' };

describe('/v1/schedules: staff only', () => {
  it('refuses patient and clinician tickets, and no ticket', async () => {
    for (const role of ['patient', 'clinician'] as const) {
      for (const [method, path, body] of [
        ['GET', '/v1/schedules'],
        ['GET', '/v1/schedules/weber'],
        ['PUT', '/v1/schedules/weber', { weekly: [] }],
        ['DELETE', '/v1/schedules/weber'],
        ['POST', '/v1/schedules/weber/exceptions', { date: '2026-05-05', kind: 'closed' }],
      ] as const) {
        const res = await call(method, path, body, role);
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
        expect((await res.json()).code).toBe('forbidden-role');
      }
    }
    const anonymous = await server.app.request('/v1/schedules');
    expect(anonymous.status).toBe(401);
    expect((await (await call('GET', '/v1/schedules/weber')).json()).weekly).toEqual([weekday]);
  });
});

describe('/v1/schedules: validation', () => {
  it('names every wrong field with a stable code', async () => {
    const res = await call('PUT', '/v1/schedules/weber', {
      zone: 'Europe/Atlantis',
      weekly: [
        { days: ['mon'], from: '9:00', to: '12:00' },
        { days: ['tue', 'funday'], from: '10:00', to: '11:00' },
      ],
      exceptions: [{ date: '2026-02-30', kind: 'closed' }],
      color: 'blue',
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe('bad-request');
    expect(problem.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['zone', 'unknown-zone'],
      ['weekly.0.from', 'invalid-format'],
      ['weekly.1.days.1', 'invalid-value'],
      ['exceptions.0.date', 'invalid-date'],
      ['color', 'unknown-field'],
    ]);
  });

  it('checks the rules across fields', async () => {
    const res = await call('PUT', '/v1/schedules/weber', {
      weekly: [
        { days: ['mon'], from: '12:00', to: '09:00' },
        { days: ['tue', 'wed'], from: '09:00', to: '12:00' },
        { days: ['wed'], from: '11:30', to: '13:00' },
      ],
      exceptions: [
        { date: '2026-05-05', kind: 'closed', from: '09:00', to: '10:00' },
        { date: '2026-05-06', kind: 'blocked', from: '10:00' },
        { date: '2026-05-07', kind: 'extra', from: '13:00', to: '15:00' },
        { date: '2026-05-07', kind: 'extra', from: '14:00', to: '16:00' },
      ],
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([
      { path: 'weekly.0.to', code: 'end-not-after-start', message: 'must be after from' },
      { path: 'weekly.2', code: 'overlap', message: 'overlaps weekly.1 on wed' },
      { path: 'exceptions.0.from', code: 'range-not-allowed', message: 'a closed day has no from/to' },
      { path: 'exceptions.1.to', code: 'range-required', message: 'blocked hours need from and to' },
      { path: 'exceptions.3', code: 'overlap', message: 'overlaps other extra hours on 2026-05-07' },
    ]);
  });

  it('refuses a schedule for an unknown clinician and a second one for a known one', async () => {
    const unknown = await call('POST', '/v1/schedules', { clinician: 'house', weekly: [] });
    expect((await unknown.json()).errors).toEqual([
      { path: 'clinician', code: 'unknown-clinician', message: 'not a configured clinician' },
    ]);
    const twice = await call('POST', '/v1/schedules', { clinician: 'weber', weekly: [] });
    expect(twice.status).toBe(409);
    expect((await twice.json()).code).toBe('schedule-exists');
    const missing = await call('GET', '/v1/schedules/house');
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('schedule-not-found');
  });
});

describe('/v1/schedules: changes', () => {
  const slotStarts = async () => {
    const res = await server.app.request(
      '/v1/slots?service=consult&from=2026-05-05T00:00:00Z&to=2026-05-06T00:00:00Z&clinician=weber',
    );
    return ((await res.json()) as SlotsResponse).slots.map((s) => s.start);
  };

  it('adds and removes exceptions, which the slots follow at once', async () => {
    expect(await slotStarts()).toHaveLength(6);
    const added = await call('POST', '/v1/schedules/weber/exceptions', {
      date: '2026-05-05',
      kind: 'closed',
    });
    expect(added.status).toBe(201);
    const exception = await added.json();
    expect(exception).toMatchObject({
      date: '2026-05-05',
      kind: 'closed',
      id: expect.stringMatching(/^ex_/),
    });
    expect(added.headers.get('etag')).toBe(`"v${exception.version}"`);
    expect(await slotStarts()).toEqual([]);
    const twice = await call('POST', '/v1/schedules/weber/exceptions', {
      date: '2026-05-05',
      kind: 'closed',
    });
    expect((await twice.json()).errors).toEqual([
      { path: 'date', code: 'closed-twice', message: 'this date is closed already' },
    ]);

    const removed = await call('DELETE', `/v1/schedules/weber/exceptions/${exception.id}`);
    expect(removed.status).toBe(204);
    expect(await slotStarts()).toHaveLength(6);
    const gone = await call('DELETE', `/v1/schedules/weber/exceptions/${exception.id}`);
    expect((await gone.json()).code).toBe('schedule-not-found');
  });

  it('replaces with If-Match, and refuses a stale version with 412', async () => {
    const read = await call('GET', '/v1/schedules/weber');
    const etag = read.headers.get('etag')!;
    const put = await call(
      'PUT',
      '/v1/schedules/weber',
      { weekly: [{ ...weekday, from: '10:00' }] },
      'staff',
      { 'if-match': etag },
    );
    expect(put.status).toBe(200);
    const body = await put.json();
    expect(body).toMatchObject({ clinician: 'weber', zone: 'Europe/Berlin', origin: 'staff' });
    expect(put.headers.get('etag')).not.toBe(etag);
    expect(await slotStarts()).toHaveLength(4);

    const stale = await call('PUT', '/v1/schedules/weber', { weekly: [weekday] }, 'staff', {
      'if-match': etag,
    });
    expect(stale.status).toBe(412);
    expect((await stale.json()).code).toBe('schedule-changed');
    const staleDelete = await call('DELETE', '/v1/schedules/weber', undefined, 'staff', { 'if-match': etag });
    expect(staleDelete.status).toBe(412);
  });

  it('deletes, then creates again; every change is audited without its content', async () => {
    expect((await call('DELETE', '/v1/schedules/okafor')).status).toBe(204);
    expect((await call('GET', '/v1/schedules/okafor')).status).toBe(404);
    const created = await call('POST', '/v1/schedules', {
      clinician: 'okafor',
      zone: 'Europe/Vienna',
      weekly: [weekday],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/schedules/okafor');
    // Versions go on from the deleted one: an ETag of the old schedule never matches the new one.
    expect((await created.json()).version).toBe(3);

    const audit = await (
      await call('GET', '/v1/audit?from=2026-05-04T00:00:00Z&to=2026-05-05T00:00:00Z')
    ).json();
    const changes = audit.events.filter((e: { type: string }) => e.type === 'schedule.changed');
    expect(changes.map((e: { reason: string }) => e.reason)).toEqual(
      expect.arrayContaining([
        'exception-added:weber',
        'exception-removed:weber',
        'replaced:weber',
        'deleted:okafor',
        'created:okafor',
      ]),
    );
    for (const e of changes) {
      expect(e.actor).toMatch(/^[\w-]{10,}$/);
      expect(e.actor).not.toContain('staff-1');
      expect(JSON.stringify(e)).not.toMatch(/09:00|Vienna|mon/);
    }
  });
});
