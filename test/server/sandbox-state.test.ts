import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSandboxPresence } from '../../src/server/providers/sandbox-presence.js';
import { createSandboxProvider } from '../../src/server/providers/sandbox.js';
import { parseConfig } from '../../src/server/config.js';
import { retentionCutoffs } from '../../src/server/retention.js';
import type { StoredRoom } from '../../src/server/providers/types.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';

const MINUTE = 60_000;

const setup = async (startsInMinutes: number) => {
  let t = Date.parse('2031-01-01T10:00:00Z');
  const now = () => new Date(t);
  const store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
  const presence = createSandboxPresence(() => t);
  const provider = createSandboxProvider({
    publicUrl: 'https://consult.test',
    store,
    now,
    presence,
    opensMinutesBefore: 60,
  });
  const room: StoredRoom = await store.insertRoom({
    id: 'r_1',
    provider: 'sandbox',
    appointment: 'apt-1',
    vendorRoomId: 'r_1',
    vendorData: {},
    status: 'open',
    startsAt: new Date(t + startsInMinutes * MINUTE),
    durationMinutes: 20,
  });
  const signal = AbortSignal.timeout(1000);
  return {
    state: () => provider.roomState(room, signal),
    presence,
    store,
    advance: (ms: number) => (t += ms),
  };
};

describe('sandbox roomState', () => {
  it('is waiting before anyone may enter, then open', async () => {
    const s = await setup(61);
    expect(await s.state()).toEqual({ phase: 'waiting' });
    s.advance(MINUTE);
    expect(await s.state()).toEqual({ phase: 'open', participants: 0, hostPresent: false });
  });

  it('is live while room pages poll, counting people (not pages), until 10 s after the last poll', async () => {
    const s = await setup(0);
    s.presence.touch('r_1', 'patient-a', 'patient');
    expect(await s.state()).toEqual({ phase: 'live', participants: 1, hostPresent: false });
    s.presence.touch('r_1', 'patient-a', 'patient'); // a reloaded page: the same person
    s.presence.touch('r_1', 'clinician-b', 'clinician');
    s.presence.touch('r_2', 'someone-else', 'clinician');
    expect(await s.state()).toEqual({ phase: 'live', participants: 2, hostPresent: true });
    s.advance(6_000);
    s.presence.touch('r_1', 'patient-a', 'patient');
    s.advance(5_000);
    expect(await s.state()).toEqual({ phase: 'live', participants: 1, hostPresent: false });
    s.advance(5_001);
    expect(await s.state()).toEqual({ phase: 'open', participants: 0, hostPresent: false });
  });

  it('is ended once the room was ended from the room page or cancelled, whoever is still there', async () => {
    for (const status of ['ended', 'cancelled'] as const) {
      const s = await setup(0);
      s.presence.touch('r_1', 'patient-a', 'patient');
      await s.store.setRoomStatus('r_1', status);
      expect(await s.state()).toEqual({ phase: 'ended' });
    }
  });
});

describe('sandbox join links in the store', () => {
  it('keeps a redeemed link (the room page session) a day after use, then forgets it', async () => {
    const s = await setup(0);
    const t = Date.parse('2031-01-01T10:00:00Z');
    const at = (ms: number) => new Date(t + ms);
    const grant = {
      tokenHash: 'h1',
      roomId: 'r_1',
      role: 'patient' as const,
      participantId: 'p1',
      expiresAt: at(30_000),
      embedOrigin: null,
    };
    await s.store.insertGrant(grant);
    expect(await s.store.consumeGrant('h1', at(0), 's1')).toMatchObject({ usedAt: at(0) });
    expect(await s.store.findGrant('h1')).toMatchObject({ roomId: 'r_1', usedAt: at(0) });
    // The retention job (default `retention.grantHours`: 24) keeps it for a day after use.
    const config = parseConfig({
      publicUrl: 'https://consult.example.org',
      audience: 'a',
      allowedOrigins: [],
      issuers: [{ issuer: 'i', algorithms: ['HS256'], secret: 'x'.repeat(32) }],
      pseudonymSecret: 'y'.repeat(32),
    });
    await s.store.purge(retentionCutoffs(config, at(23 * 3600_000)));
    expect(await s.store.findSession('r_1', 's1')).toBeDefined();
    await s.store.purge(retentionCutoffs(config, at(24 * 3600_000 + 1)));
    expect(await s.store.findGrant('h1')).toBeUndefined();
    expect(await s.store.findSession('r_1', 's1')).toBeUndefined();
  });
});
