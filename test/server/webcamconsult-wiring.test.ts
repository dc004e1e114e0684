import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/server/config.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import {
  createWebcamconsultFake,
  WCC_JOIN_ORIGIN,
  WCC_OPTIONS,
  WCC_TOKEN,
  WCC_USERS,
} from '../vendors/webcamconsult/fake.js';

const wcc = createWebcamconsultFake();
const vendors = setupServer(...wcc.handlers);
beforeAll(() => vendors.listen({ onUnhandledRequest: 'error' }));
afterEach(() => wcc.reset());
afterAll(() => vendors.close());

const PATIENT = {
  subject: 'patient-4711',
  role: 'patient',
  name: 'Erika Mustermann',
  email: 'erika@example.org',
};

describe('webcamconsult from the configuration', () => {
  it('opens one vendor appointment for POST /v1/rooms, then hands patient and clinician links on its origin', async () => {
    const s = await testServer({ provider: 'webcamconsult', providers: { webcamconsult: WCC_OPTIONS } });
    const clinicianTicket = () =>
      signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1', name: 'Dokter J Akkermans' });
    const opened = await s.openRoom(await clinicianTicket(), {
      appointment: 'apt-1',
      durationMinutes: 20,
      participants: [PATIENT, { subject: 'dr-1', role: 'clinician', email: 'dr.akkermans@clinic.example' }],
    });
    expect(opened.status).toBe(201);
    expect((await opened.json()).provider).toBe('webcamconsult');
    const [appointment] = [...wcc.appointments.values()];
    expect(wcc.appointments.size).toBe(1);
    expect(appointment).toMatchObject({ user_id: WCC_USERS.doctor, duration: 20 });
    const client = wcc.clients.get(appointment!.client_id);
    expect(client?.email).toBe(PATIENT.email);

    const patient = await s.join(
      await signTicket(s.keys.privateKey, { sub: 'patient-4711', appointment: 'apt-1' }),
      { appointment: 'apt-1' },
    );
    expect(patient.status).toBe(200);
    const patientLink = await patient.json();
    expect(patientLink.url).toBe(
      `${WCC_JOIN_ORIGIN}/consult/${appointment!.id}?token=${client!.authentication_token}`,
    );
    expect(patientLink.allowedOrigins).toEqual([WCC_JOIN_ORIGIN]);

    const clinician = await s.join(await clinicianTicket(), { appointment: 'apt-1' });
    expect(clinician.status).toBe(200);
    const clinicianLink = new URL((await clinician.json()).url);
    expect(clinicianLink.origin).toBe(WCC_JOIN_ORIGIN);
    expect(clinicianLink.pathname).toBe(`/users/${WCC_USERS.doctor}/appointments/${appointment!.id}`);

    // Neither the patient's e-mail, the client token, the link nor our API token reaches a log line.
    const logs = s.logLines.join('\n');
    for (const secret of [PATIENT.email, client!.authentication_token, WCC_TOKEN, 'Mustermann']) {
      expect(logs).not.toContain(secret);
    }
    await s.app.close();
  });

  it('refuses a patient without an e-mail with 400 and the field, and asks the vendor nothing', async () => {
    const s = await testServer({ provider: 'webcamconsult', providers: { webcamconsult: WCC_OPTIONS } });
    const staff = await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    const { email: _email, ...noEmail } = PATIENT;
    const res = await s.openRoom(staff, { appointment: 'apt-2', participants: [noEmail] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await res.json();
    expect([problem.code, problem.errors]).toEqual([
      'bad-request',
      [{ path: 'participants.email', message: 'required by webcamconsult' }],
    ]);
    expect(wcc.kit.requests).toHaveLength(0);
    await s.app.close();
  });

  it('creates exactly one vendor appointment when the create times out once', async () => {
    const s = await testServer({
      provider: 'webcamconsult',
      providers: { webcamconsult: { ...WCC_OPTIONS, timeoutMs: 150 } },
    });
    const staff = await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    wcc.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/appointments.json' });
    const res = await s.openRoom(staff, { appointment: 'apt-3', participants: [PATIENT] });
    expect(res.status).toBe(201);
    expect(wcc.createdCount()).toBe(1);
    expect((await res.json()).provider).toBe('webcamconsult');
    await s.app.close();
  });

  it('refuses to start with a join template outside https, by path', async () => {
    const error = await testServer({
      providers: {
        webcamconsult: { ...WCC_OPTIONS, joinUrlTemplate: 'http://consult.example/{appointmentId}' },
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.stringMatching(/^providers\.webcamconsult\.joinUrlTemplate: .*https/),
    ]);
    expect((error as Error).message).not.toContain(WCC_TOKEN);
  });
});
