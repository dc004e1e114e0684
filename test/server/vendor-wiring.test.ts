import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/server/config.js';
import type { VideoProvider } from '../../src/server/providers/types.js';
import { slowProvider } from '../support/slow-provider.js';
import { TEST_CAPABILITIES } from '../support/test-capabilities.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import {
  createKaleyraFake,
  KALEYRA_API_KEY,
  KALEYRA_JOIN_ORIGIN,
  KALEYRA_OPTIONS,
} from '../vendors/kaleyra/fake.js';
import { AK_OPTIONS, AK_ORIGIN, createArztFake } from '../vendors/arztkonsultation/fake.js';
import { APIZEE_ACCOUNT, createApizeeFake } from '../vendors/apizee/fake.js';

const kaleyra = createKaleyraFake();
const arzt = createArztFake();
const apizee = createApizeeFake();
const vendors = setupServer(...kaleyra.handlers, ...arzt.handlers, ...apizee.handlers);
beforeAll(() => vendors.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  kaleyra.reset();
  arzt.reset();
  apizee.reset();
});
afterAll(() => vendors.close());

const kaleyraConfig = KALEYRA_OPTIONS;

describe('vendor providers from the configuration', () => {
  it('opens a Kaleyra room with its participants, then lets exactly those join', async () => {
    const s = await testServer({ provider: 'kaleyra', providers: { kaleyra: kaleyraConfig } });
    // Kaleyra must know everyone up front: a patient arriving first gets a clear 404, no half room.
    const early = await s.join(
      await signTicket(s.keys.privateKey, { sub: 'patient-4711', appointment: 'apt-1' }),
      {
        appointment: 'apt-1',
      },
    );
    expect(early.status).toBe(404);
    expect((await early.json()).detail).toMatch(/not opened this visit yet/);

    const created = await s.openRoom(
      await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1', name: 'Dr. Who' }),
      {
        appointment: 'apt-1',
        durationMinutes: 20,
        participants: [{ subject: 'patient-4711', role: 'patient', name: 'Erika M.', language: 'it' }],
      },
    );
    expect(created.status).toBe(201);
    expect((await created.json()).provider).toBe('kaleyra');

    // One transient 401 from the backend does not tell a listed patient "not set up for you".
    kaleyra.knobs.spuriousUnauthorized = 1;
    const patient = await s.join(
      await signTicket(s.keys.privateKey, { sub: 'patient-4711', appointment: 'apt-1' }),
      { appointment: 'apt-1' },
    );
    expect(patient.status).toBe(200);
    const link = await patient.json();
    expect(new URL(link.url).origin).toBe(KALEYRA_JOIN_ORIGIN);
    expect(link.allowedOrigins).toEqual([KALEYRA_JOIN_ORIGIN]);

    const clinician = await s.join(await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1' }), {
      appointment: 'apt-1',
    });
    expect(clinician.status).toBe(200);

    // Someone the clinic did not name is refused by the vendor, and that refusal is not a 5xx.
    const stranger = await s.join(
      await signTicket(s.keys.privateKey, { sub: 'someone-else', appointment: 'apt-1' }),
      {
        appointment: 'apt-1',
      },
    );
    expect(stranger.status).toBeGreaterThanOrEqual(400);
    expect(stranger.status).toBeLessThan(500);
    await s.app.close();
  });

  it('creates an arztkonsultation call when the clinic opens the room and hands the patient a tan link', async () => {
    const s = await testServer({
      provider: 'arztkonsultation',
      providers: { arztkonsultation: AK_OPTIONS },
    });
    await s.openVisit('apt-9');
    const res = await s.join(await signTicket(s.keys.privateKey, { appointment: 'apt-9' }), {
      appointment: 'apt-9',
    });
    expect(res.status).toBe(200);
    const link = new URL((await res.json()).url);
    expect(link.origin).toBe(AK_ORIGIN);
    expect(link.searchParams.get('tan')).toBeTruthy();
    expect(link.searchParams.get('tid')).toBeNull();
    await s.app.close();
  });

  it("never hands a patient another appointment's arztkonsultation call when a create hangs", async () => {
    // Two appointments first joined in the same second by patients without a name: the calls look alike.
    const at = new Date();
    const s = await testServer(
      { provider: 'arztkonsultation', providers: { arztkonsultation: { ...AK_OPTIONS, timeoutMs: 150 } } },
      { now: () => at },
    );
    // The clinic opens each visit (patients never create rooms); the patient then joins it.
    const open = async (appointment: string) =>
      s.openRoom(await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' }), {
        appointment,
      });
    const joinAs = async (sub: string, appointment: string) =>
      s.join(await signTicket(s.keys.privateKey, { sub, appointment }), { appointment });
    expect((await open('apt-a')).status).toBe(201);
    const first = await joinAs('patient-a', 'apt-a');
    expect(first.status).toBe(200);
    const a = new URL((await first.json()).url);

    arzt.kit.faults.inject({ kind: 'hang', method: 'POST', path: '/api/v2/calls' });
    const hung = await open('apt-b');
    expect([hung.status, (await hung.json()).code]).toEqual([504, 'vendor-timeout']);

    // The room stayed retryable: opening apt-b again makes it its own call.
    expect((await open('apt-b')).status).toBe(201);
    const retried = await joinAs('patient-b', 'apt-b');
    expect(retried.status).toBe(200);
    const b = new URL((await retried.json()).url);
    expect(b.pathname).not.toBe(a.pathname);
    expect(b.searchParams.get('tan')).not.toBe(a.searchParams.get('tan'));
    await s.app.close();
  });

  it('answers 409 not-supported to cancelling a room of a provider that cannot cancel (Apizee)', async () => {
    const s = await testServer({
      provider: 'apizee',
      providers: { apizee: { mode: 'conference', ...APIZEE_ACCOUNT } },
    });
    const clinician = await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1', name: 'Dr Doe' });
    const opened = await s.openRoom(clinician, {
      appointment: 'apt-1',
      participants: [{ subject: 'patient-1', role: 'patient', email: 'erika@example.org' }],
    });
    expect(opened.status).toBe(201);
    const { roomId } = await opened.json();
    apizee.kit.reset();
    const res = await s.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${await signTicket(s.keys.privateKey, { role: 'staff', sub: 'st-1' })}`,
      },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).code).toBe('not-supported');
    expect(apizee.kit.requests).toHaveLength(0);
    // The room is untouched: the patient can still join it.
    const ticket = await signTicket(s.keys.privateKey, { sub: 'patient-1', appointment: 'apt-1' });
    const join = await s.join(ticket, { room: roomId });
    expect(join.status).toBe(200);
    await s.app.close();
  });

  it('never asks a provider that declares it cannot cancel to cancel (409 not-supported)', async () => {
    let cancelCalls = 0;
    const noCancel: VideoProvider = {
      ...slowProvider(0),
      name: 'no-cancel',
      capabilities: { ...TEST_CAPABILITIES, cancel: false },
      cancelRoom: async () => {
        cancelCalls += 1;
      },
    };
    const s = await testServer({ provider: 'no-cancel' }, { providers: [noCancel] });
    const staff = async () => signTicket(s.keys.privateKey, { role: 'staff', sub: 'st-1' });
    const { roomId } = await (await s.openRoom(await staff(), { appointment: 'apt-1' })).json();
    const res = await s.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await staff()}` },
    });
    expect([res.status, (await res.json()).code]).toEqual([409, 'not-supported']);
    expect(cancelCalls).toBe(0);
    await s.app.close();
  });

  it('reports every wrong vendor option by path, without repeating secret values', async () => {
    const error = await testServer({
      providers: {
        kaleyra: { ...kaleyraConfig, joinOrigins: ['not an origin'], apiKey: 'x' },
        telehealthco: {},
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.some((i) => i.startsWith('providers.kaleyra.joinOrigins.0'))).toBe(true);
    expect(issues).toContain(
      'providers.telehealthco: unknown provider (known: sandbox, arztkonsultation, kaleyra, apizee, auvious, webcamconsult)',
    );
    expect((error as Error).message).not.toContain(KALEYRA_API_KEY);
  });

  it('refuses to start an arztkonsultation block without the unit of valid_for, asking to confirm it', async () => {
    const { scopedTokenValidForUnit: _unit, ...withoutUnit } = AK_OPTIONS;
    const error = await testServer({ providers: { arztkonsultation: withoutUnit } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const [issue, ...more] = (error as ConfigError).issues;
    expect(more).toEqual([]);
    expect(issue).toMatch(/^providers\.arztkonsultation\.scopedTokenValidForUnit: .*"seconds" or "minutes"/);
    expect(issue).toMatch(/confirm .* with arztkonsultation/);
  });
});
