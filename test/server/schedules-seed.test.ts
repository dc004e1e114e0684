import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { testServer } from '../support/server.js';
import { clinic, ticketAt } from './support/scheduling.js';

const NOW = new Date('2026-05-04T06:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'vc-schedules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = new Uint8Array(32).fill(7);

/** A server on the same database file each time, as a restart with another configuration file. */
async function start(booking: ReturnType<typeof clinic>) {
  const store = createSqliteStore(join(dir, 'consult.sqlite'), { dataKey: KEY });
  const server = await testServer({ booking }, { now: () => NOW, store });
  const as = async (method: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${await ticketAt(server.keys, NOW, 'staff')}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const schedules = async () =>
    Object.fromEntries(
      (
        (await (await as('GET', '/v1/schedules')).json()).schedules as {
          clinician: string;
          weekly: unknown;
          origin: string;
          version: number;
        }[]
      ).map((s) => [
        s.clinician,
        { from: (s.weekly as { from: string }[])[0]?.from, origin: s.origin, version: s.version },
      ]),
    );
  return { server, as, schedules };
}
const withHours = (weber: string, okafor: string) =>
  clinic({
    schedules: [
      { clinician: 'weber', weekly: [{ days: ['mon'], from: weber, to: '18:00' }] },
      { clinician: 'okafor', weekly: [{ days: ['mon'], from: okafor, to: '18:00' }] },
    ],
  });

describe('schedules seeded from the configuration', () => {
  it('seeds once, follows the file until staff change a schedule, and keeps what staff changed or deleted', async () => {
    let run = await start(withHours('08:00', '08:00'));
    expect(await run.schedules()).toEqual({
      okafor: { from: '08:00', origin: 'config', version: 1 },
      weber: { from: '08:00', origin: 'config', version: 1 },
    });
    await run.server.app.close();

    // The file changed: schedules staff never touched follow it.
    run = await start(withHours('09:00', '09:00'));
    expect(await run.schedules()).toEqual({
      okafor: { from: '09:00', origin: 'config', version: 2 },
      weber: { from: '09:00', origin: 'config', version: 2 },
    });
    // Staff change Okafor's hours and delete Weber's.
    expect(
      (
        await run.as('PUT', '/v1/schedules/okafor', {
          weekly: [{ days: ['tue'], from: '13:00', to: '15:00' }],
        })
      ).status,
    ).toBe(200);
    expect((await run.as('DELETE', '/v1/schedules/weber')).status).toBe(204);
    await run.server.app.close();

    // The file changes again: what staff did stays.
    run = await start(withHours('10:00', '10:00'));
    expect(await run.schedules()).toEqual({ okafor: { from: '13:00', origin: 'staff', version: 3 } });
    await run.server.app.close();

    // Unchanged file, unchanged schedule: no new version.
    run = await start(withHours('10:00', '10:00'));
    expect((await run.schedules()).okafor!.version).toBe(3);
    await run.server.app.close();
  });
});

describe('booking configuration', () => {
  const base = {
    publicUrl: 'http://localhost:8871',
    audience: 'a',
    issuers: [{ issuer: 'x', algorithms: ['HS256' as const], secret: 's'.repeat(40) }],
    allowedOrigins: [],
    pseudonymSecret: 'p'.repeat(40),
  };
  const issues = (booking: unknown) => {
    try {
      parseConfig({ ...base, booking } as never);
      return [];
    } catch (error) {
      return (error as ConfigError).issues;
    }
  };

  it('fills the defaults of a service', () => {
    const config = parseConfig({ ...base, booking: clinic() });
    expect(config.booking.services[1]).toEqual({
      id: 'derm',
      title: 'Dermatology, returning',
      durationMinutes: 20,
      bufferMinutes: 0,
      slotStepMinutes: 20,
      capacity: 1,
      minLeadMinutes: 60,
      horizonDays: 30,
      changeCutoffMinutes: 240,
      clinicians: ['weber'],
      access: 'ticket',
      patients: 'returning',
      asksDateOfBirth: false,
    });
    expect(parseConfig(base).booking).toEqual({
      timezone: 'UTC',
      clinicians: [],
      services: [],
      schedules: [],
    });
  });

  it('names each wrong field with a clear message', () => {
    expect(
      issues({
        timezone: 'Berlin',
        clinicians: [
          { id: 'weber', displayName: 'A', subject: 's' },
          { id: 'weber', displayName: 'B', subject: 't' },
        ],
        services: [{ id: 'x', title: 'X', durationMinutes: 20, clinicians: ['house'] }],
        schedules: [
          { clinician: 'house', weekly: [{ days: ['mon'], from: '10:00', to: '10:00' }] },
          { clinician: 'weber', zone: 'CEST', weekly: [] },
        ],
      }),
    ).toEqual([
      'booking.timezone: must be an IANA time zone like Europe/Berlin',
      'booking.schedules.1.zone: must be an IANA time zone like Europe/Berlin',
      'booking.clinicians.1.id: duplicate clinician id "weber"',
      'booking.services.0.clinicians.0: unknown clinician "house"',
      'booking.schedules.0.clinician: unknown clinician "house"',
      'booking.schedules.0.weekly.0.to: must be after from (end-not-after-start)',
    ]);
  });

  it('refuses a service whose provider the server does not have', async () => {
    const booking = clinic();
    booking.services![0]!.provider = 'kaleyra';
    const store = createSqliteStore(':memory:', { dataKey: KEY });
    await expect(testServer({ booking }, { store })).rejects.toThrow(
      /booking service "consult": provider "kaleyra"/,
    );
    await store.close();
  });
});
