import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const hsKey = new TextEncoder().encode(HS_SECRET);
const clinician = (s: Server) => signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1' });

describe('patient tickets and their appointment', () => {
  it('refuses an unscoped patient ticket, whatever it asks for, and names the claim (20 of 20)', async () => {
    server = await testServer();
    const s = server;
    const rooms: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await s.openRoom(await clinician(s), { appointment: `apt-${i}` });
      rooms.push((await res.json()).roomId);
    }
    const tries = [
      ...rooms.map((room) => ({ room })),
      ...Array.from({ length: 10 }, (_, i) => ({ appointment: i < 5 ? `apt-${i}` : `new-${i}` })),
    ];
    const statuses: number[] = [];
    for (const body of tries) {
      const res = await s.join(await signTicket(s.keys.privateKey), body);
      statuses.push(res.status);
      const problem = await res.json();
      expect(problem.code).toBe('ticket-invalid');
      expect(problem.detail).toMatch(/appointment/);
    }
    expect(statuses).toEqual(Array(20).fill(401));
    // and none of the tries opened a room
    for (let i = 5; i < 10; i++)
      expect(await s.store.findRoomByAppointment('sandbox', `new-${i}`)).toBe(undefined);
  });

  it('refuses it on every route that takes a ticket, not only on join', async () => {
    server = await testServer();
    const { roomId } = await (
      await server.openRoom(await clinician(server), { appointment: 'apt-1' })
    ).json();
    for (const path of ['/v1/visits/apt-1', `/v1/rooms/${roomId}/events`]) {
      const res = await server.app.request(path, {
        headers: { authorization: `Bearer ${await signTicket(server.keys.privateKey)}` },
      });
      expect(res.status, path).toBe(401);
      expect((await res.json()).code, path).toBe('ticket-invalid');
    }
  });

  it('accepts the scoped ticket, and unscoped clinician and staff tickets', async () => {
    server = await testServer();
    expect((await server.openRoom(await clinician(server), { appointment: 'apt-1' })).status).toBe(201);
    const staff = await signTicket(server.keys.privateKey, { role: 'staff', sub: 'desk-1' });
    expect((await server.openRoom(staff, { appointment: 'apt-1' })).status).toBe(200);
    const patient = await signTicket(server.keys.privateKey, { appointment: 'apt-1' });
    expect((await server.join(patient, { appointment: 'apt-1' })).status).toBe(200);
    expect((await server.join(await clinician(server), { appointment: 'apt-1' })).status).toBe(200);
  });

  it('lets an issuer configured with patientScope "any" send unscoped patient tickets', async () => {
    server = await testServer({
      issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET, patientScope: 'any' }],
    });
    const dr = await signTicket(hsKey, { alg: 'HS256', iss: HS_ISSUER, role: 'clinician', sub: 'dr-1' });
    expect((await server.openRoom(dr, { appointment: 'apt-1' })).status).toBe(201);
    const patient = await signTicket(hsKey, { alg: 'HS256', iss: HS_ISSUER });
    expect((await server.join(patient, { appointment: 'apt-1' })).status).toBe(200);
  });

  it('validates patientScope and defaults it to "appointment"', () => {
    const base = {
      publicUrl: 'https://consult.test',
      audience: 'a',
      allowedOrigins: [],
      pseudonymSecret: 'x'.repeat(32),
    };
    const issuer = { issuer: 'p', algorithms: ['HS256'], secret: 's'.repeat(32) };
    expect(parseConfig({ ...base, issuers: [issuer] }).issuers[0]!.patientScope).toBe('appointment');
    expect(() => parseConfig({ ...base, issuers: [{ ...issuer, patientScope: 'all' }] })).toThrow(
      /issuers\.0\.patientScope/,
    );
  });
});
