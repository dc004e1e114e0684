import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSandboxPresence } from '../../src/server/providers/sandbox-presence.js';
import { createSandboxProvider } from '../../src/server/providers/sandbox.js';
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
