import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { JoinResponseSchema } from '../../src/protocol/join.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import { spyProvider } from './support/spy-provider.js';

// The join answer carries what the room needs to frame the link at once (issue 9, item 4): the room's phase as
// the caller's event stream would say it, and the visit window. Nothing in it may let a patient in early.

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

async function start() {
  const spy = spyProvider();
  const s = (server = await testServer({ provider: 'spy' }, { providers: [spy.provider] }));
  const ticket = (role: 'patient' | 'clinician') =>
    signTicket(s.keys.privateKey, { role, sub: `${role}-1`, appointment: 'apt-1' });
  await s.openVisit('apt-1');
  const join = async (role: 'patient' | 'clinician') => {
    const res = await s.join(await ticket(role), { appointment: 'apt-1' });
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(v.is(JoinResponseSchema, body)).toBe(true);
    return body as v.InferOutput<typeof JoinResponseSchema>;
  };
  return { spy, join };
}

describe('POST /v1/join: what the room needs to frame at once', () => {
  it('says the room is open, with the visit window on the server clock', async () => {
    const { spy, join } = await start();
    spy.control.hostPresent = true;
    const before = Date.now();
    const body = await join('patient');
    expect(body.phase).toBe('open');
    expect(body.visit).toMatchObject({
      appointment: 'apt-1',
      roomId: body.roomId,
      provider: 'spy',
      status: 'open',
    });
    expect(Date.parse(body.visit!.serverTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('keeps a patient waiting while the clinician is not there, never the clinician', async () => {
    const { spy, join } = await start();
    spy.control.phase = 'live';
    spy.control.participants = 1;
    spy.control.hostPresent = false;
    expect((await join('patient')).phase).toBe('waiting');
    expect((await join('clinician')).phase).toBe('live');
    spy.control.hostPresent = true;
    expect((await join('patient')).phase).toBe('live');
  });

  it('says no phase when the provider cannot be asked (the room then waits for the stream)', async () => {
    const { spy, join } = await start();
    spy.control.fail = 'vendor-unavailable';
    const body = await join('patient');
    expect(body).not.toHaveProperty('phase');
    expect(body.visit?.status).toBe('open');
  });
});
