import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { testServer } from '../support/server.js';
import { clinic, ticketAt } from './support/scheduling.js';

// Monday 4 May 2026, 06:00 UTC (08:00 in Berlin).
const NOW = new Date('2026-05-04T06:00:00Z');
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer({ booking: clinic() }, { now: () => NOW });
});
afterAll(() => server.app.close());

const slots = (query: string, headers: Record<string, string> = {}) =>
  server.app.request(`/v1/slots?${query}`, { headers });
const bearer = async (role: 'patient' | 'clinician' | 'staff', extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${await ticketAt(server.keys, NOW, role, extra)}`,
});
const WEEK = 'from=2026-05-04T00:00:00Z&to=2026-05-11T00:00:00Z';

describe('GET /v1/slots', () => {
  it('answers a public service without a ticket, as UTC instants with the clinic zone', async () => {
    const res = await slots(`service=consult&${WEEK}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SlotsResponse;
    expect(body.zone).toBe('Europe/Berlin');
    expect(body.tz).toBe('Europe/Berlin');
    expect(body.clinicians).toEqual([
      { id: 'weber', displayName: 'Dr. Anna Weber' },
      { id: 'okafor', displayName: 'Dr. Chidi Okafor' },
    ]);
    // Weber 09:00–12:00 on five weekdays (6 each), Okafor 14:00–16:00 on Monday and Wednesday (4 each);
    // Monday 09:00 is exactly the lead time (60 min) after now, so it is offered.
    expect(body.slots[0]).toEqual({
      start: '2026-05-04T07:00:00.000Z',
      end: '2026-05-04T07:30:00.000Z',
      clinicians: [{ id: 'weber', free: 1 }],
    });
    expect(body.slots).toHaveLength(5 * 6 + 2 * 4);
    expect(body.slots.every((s) => s.start.endsWith('Z'))).toBe(true);
  });

  it('shows a patient in America/New_York the same instants, with their zone echoed', async () => {
    const berlin = (await (await slots(`service=consult&${WEEK}`)).json()) as SlotsResponse;
    const res = await slots(`service=consult&${WEEK}&tz=America/New_York`);
    const ny = (await res.json()) as SlotsResponse;
    expect(ny.tz).toBe('America/New_York');
    expect(ny.zone).toBe('Europe/Berlin');
    expect(ny.slots).toEqual(berlin.slots);
    expect(res.headers.get('etag')).not.toBe(null);
  });

  it('needs a ticket for a ticket-only service; a patient ticket with an appointment claim reads it', async () => {
    const missing = await slots(`service=derm&${WEEK}`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).code).toBe('ticket-missing');
    for (const headers of [
      await bearer('patient', { appointment: 'apt-9' }),
      await bearer('clinician'),
      await bearer('staff'),
    ]) {
      const res = await slots(`service=derm&${WEEK}`, headers);
      expect(res.status).toBe(200);
      expect(((await res.json()) as SlotsResponse).slots[0]!.end).toBe('2026-05-04T07:20:00.000Z');
    }
  });

  it('has an ETag and answers 304 while nothing changed', async () => {
    const first = await slots(`service=consult&${WEEK}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await slots(`service=consult&${WEEK}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const other = await slots('service=consult&from=2026-05-05T00:00:00Z&to=2026-05-11T00:00:00Z', {
      'if-none-match': etag,
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('refuses an unknown service, a bad zone and a range too long, field by field', async () => {
    const unknown = await slots('service=nope');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('unknown-service');

    const bad = await slots(
      'service=consult&from=2026-05-04T00:00:00Z&to=2026-08-01T00:00:00Z&tz=Mars/Olympus&clinician=x',
    );
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.code).toBe('bad-request');
    expect(problem.errors).toEqual([
      { path: 'to', code: 'range-too-long', message: 'at most 62 days after from' },
      { path: 'tz', code: 'unknown-zone', message: 'must be an IANA time zone like America/New_York' },
      { path: 'clinician', code: 'unknown-clinician', message: 'does not offer this service' },
    ]);

    const shape = await slots('from=yesterday&extra=1');
    expect((await shape.json()).errors).toEqual([
      { path: 'service', code: 'required', message: 'required' },
      { path: 'from', code: 'invalid-format', message: expect.any(String) },
      { path: 'extra', code: 'unknown-field', message: 'unknown field' },
    ]);
    const empty = await slots('service=consult&from=2026-05-04T00:00:00Z&to=2026-05-04T00:00:00Z');
    expect((await empty.json()).errors).toEqual([
      { path: 'to', code: 'range-empty', message: 'must be after from' },
    ]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await server.app.request('/openapi.json')).json();
    expect(doc.paths['/v1/slots'].get.responses).toHaveProperty('304');
    expect(doc.components.schemas.SlotsResponse.required).toEqual(
      expect.arrayContaining(['slots', 'zone', 'tz']),
    );
  });
});
