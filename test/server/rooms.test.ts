import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const call = async (
  s: Server,
  method: string,
  path: string,
  role: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  s.app.request(path, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signTicket(s.keys.privateKey, {
        role: role as never,
        sub: `${role}-1`,
        // A patient's ticket names its appointment (here the one these tests use for patients).
        ...(role === 'patient' && { appointment: 'a' }),
      })}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('rooms', () => {
  it('creates the room of an appointment once (201, then 200)', async () => {
    server = await testServer();
    const spec = { appointment: 'apt-7', startsAt: '2026-12-01T09:00:00.000Z', durationMinutes: 20 };
    const first = await call(server, 'POST', '/v1/rooms', 'clinician', spec);
    expect(first.status).toBe(201);
    const room = await first.json();
    expect(room).toMatchObject({
      appointment: 'apt-7',
      provider: 'sandbox',
      status: 'open',
      startsAt: spec.startsAt,
      durationMinutes: 20,
    });
    const again = await call(server, 'POST', '/v1/rooms', 'staff', spec);
    expect(again.status).toBe(200);
    expect((await again.json()).roomId).toBe(room.roomId);
  });

  it('replays a repeated Idempotency-Key and refuses its reuse for another body', async () => {
    server = await testServer();
    const key = { 'idempotency-key': 'key-0123456789' };
    const a = await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'apt-8' }, key);
    const b = await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'apt-8' }, key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(await a.json());
    const c = await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'apt-9' }, key);
    expect(c.status).toBe(422);
    expect((await c.json()).code).toBe('idempotency-key-reused');
    const bad = await call(
      server,
      'POST',
      '/v1/rooms',
      'clinician',
      { appointment: 'apt-9' },
      { 'idempotency-key': 'x' },
    );
    expect(bad.status).toBe(400);
  });

  it('lets a patient neither create nor cancel rooms', async () => {
    server = await testServer();
    expect((await call(server, 'POST', '/v1/rooms', 'patient', { appointment: 'a' })).status).toBe(403);
    const { roomId } = await (
      await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'a' })
    ).json();
    const res = await call(server, 'DELETE', `/v1/rooms/${roomId}`, 'patient');
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden-role');
  });

  it('cancels a room; joining it afterwards is refused', async () => {
    server = await testServer();
    const { roomId } = await (
      await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'a' })
    ).json();
    expect((await call(server, 'DELETE', `/v1/rooms/${roomId}`, 'clinician')).status).toBe(204);
    expect((await call(server, 'DELETE', `/v1/rooms/${roomId}`, 'clinician')).status).toBe(204);
    const join = await server.join(await signTicket(server.keys.privateKey, { appointment: 'a' }), {
      room: roomId,
    });
    expect(join.status).toBe(409);
    expect((await join.json()).code).toBe('room-ended');
    expect((await call(server, 'DELETE', '/v1/rooms/r_missing', 'clinician')).status).toBe(404);
  });

  it('keeps appointment-scoped clinician tickets to their appointment', async () => {
    server = await testServer();
    const { roomId } = await (
      await call(server, 'POST', '/v1/rooms', 'clinician', { appointment: 'apt-A' })
    ).json();
    const scoped = await signTicket(server.keys.privateKey, { role: 'clinician', appointment: 'apt-B' });
    const del = await server.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${scoped}` },
    });
    expect(del.status).toBe(403);
    expect((await del.json()).code).toBe('forbidden-scope');
    const join = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-B' }), {
      room: roomId,
    });
    expect((await join.json()).code).toBe('forbidden-scope');
  });
});
