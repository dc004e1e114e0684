import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { demoSetup } from '../../src/server/demo/demo-setup.js';
import { testServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'vc-demo-clinic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo clinic', () => {
  it('is configured by --demo', async () => {
    const { config } = await demoSetup(dir, 'http://localhost:8871');
    expect(config.booking?.timezone).toBe('Europe/Berlin');
    expect(config.booking?.services?.map((s) => [s.id, s.access])).toEqual([
      ['demo-consult', 'public'],
      ['demo-follow-up', 'ticket'],
    ]);
    // The calendar file links the demo page, where the patient booked and joins.
    expect(config.appointments?.visitPageUrl).toBe('http://localhost:8871/');
  });

  // Late on a Sunday, on the spring-forward and fall-back days, and on New Year's Eve at midnight.
  it.each(['2026-05-03T19:59:00Z', '2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z', '2026-12-31T23:00:00Z'])(
    'has free slots for both clinicians within a day whatever the time (%s)',
    async (iso) => {
      const now = new Date(iso);
      const { config } = await demoSetup(dir, 'http://localhost:8871');
      const server = await testServer({ booking: config.booking }, { now: () => now });
      const res = await server.app.request('/v1/slots?service=demo-consult');
      expect(res.status).toBe(200);
      const body = (await res.json()) as SlotsResponse;
      const soon = body.slots.filter((s) => Date.parse(s.start) < now.getTime() + 24 * 3600_000);
      expect(soon.length).toBeGreaterThan(10);
      expect(new Set(soon.flatMap((s) => s.clinicians.map((c) => c.id)))).toEqual(
        new Set(['dr-demo', 'dr-okafor']),
      );
      await server.app.close();
    },
  );
});
