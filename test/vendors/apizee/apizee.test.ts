import { describe, expect, it } from 'vitest';
import { createApizeeProvider, type ApizeeOptionsInput } from '../../../src/server/providers/apizee.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { bearerOf } from '../support/fake-token.js';
import {
  APIZEE_ACCOUNT,
  APIZEE_API,
  BUTTON_ID,
  CLOUD_ORIGIN,
  createApizeeFake,
  DIAG_ORIGIN,
  MEET_ORIGIN,
} from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';

const fake = createApizeeFake();
useFake(fake);
const patient: Participant = {
  id: 'p-hash-1',
  role: 'patient',
  name: 'Erika Muster',
  email: 'erika@example.org',
};
const clinician: Participant = { id: 'c-hash-1', role: 'clinician', name: 'Dr Doe', phone: '+33612345678' };
const startsAt = new Date('2030-07-13T08:30:00Z');
const spec: RoomSpec = {
  roomId: 'room-1',
  appointment: 'apt-1',
  startsAt,
  durationMinutes: 20,
  participants: [patient, clinician],
};

const plumbing = {
  timeoutMs: 150,
  retryBaseDelayMs: 1,
  breakerFailureThreshold: 3,
  breakerCoolDownMs: 10_000,
};
const FAST = plumbing;
const conferenceOptions = {
  mode: 'conference',
  ...APIZEE_ACCOUNT,
  moderator: 'agent1@apizee.com',
  ...plumbing,
} as const;
const ticketOptions = { mode: 'ticket', ...APIZEE_ACCOUNT, agent: 'agent1@apizee.com', ...plumbing } as const;

const setup = (options: ApizeeOptionsInput = conferenceOptions) => {
  const clock = testClock();
  return { provider: createApizeeProvider(options, { now: clock.now, random: () => 0.5 }), clock };
};

const stored = (created: { vendorRoomId: string; vendorData?: Record<string, unknown> }): StoredRoom => ({
  id: spec.roomId,
  provider: 'apizee',
  appointment: spec.appointment,
  vendorRoomId: created.vendorRoomId,
  vendorData: created.vendorData ?? {},
  status: 'open',
  startsAt,
  durationMinutes: spec.durationMinutes,
});

const count = (method: string, path: string) => fake.kit.sent(method, path).length;

describe('apizee provider, conference mode', () => {
  it('creates a conference named after our room and gives every participant its URL with a name', async () => {
    const { provider } = setup({ ...conferenceOptions, moderator: undefined });
    const created = await provider.createRoom(spec, signal());
    const [post] = fake.kit.sent('POST', '/api/conferences');
    expect(Object.fromEntries(post?.query ?? [])).toEqual({
      participants: 'erika@example.org,+33612345678',
      name: 'room-1',
      moderation: 'true',
    });
    expect(post?.body).toBeUndefined();
    expect((fake.kit.sent('POST', '/api/token')[0]?.body as { grant_type?: string }).grant_type).toBe(
      'password',
    );
    const conference = fake.conferences.get(Number(created.vendorRoomId));
    expect(created.vendorData).toEqual({
      mode: 'conference',
      conferenceId: conference?.id,
      url: conference?.url,
    });

    const room = stored(created);
    const p = new URL(
      (await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal())).url,
    );
    expect(`${p.origin}${p.pathname}`).toBe(conference?.url);
    expect(p.searchParams.get('name')).toBe('Erika Muster');
    const c = new URL(
      (await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal())).url,
    );
    expect(c.searchParams.get('name')).toBe('Dr Doe');
    expect(provider.iframeAllow).toContain('geolocation');
    expect(provider.allowedOrigins).toEqual([MEET_ORIGIN]);
    expect(provider.capabilities).toMatchObject({ cancel: false, clinicianLink: false, waitingArea: true });
  });

  it('passes the moderator and leaves the moderator to log in (no name on the clinician link)', async () => {
    const { provider } = setup();
    const room = stored(await provider.createRoom(spec, signal()));
    expect(fake.kit.sent('POST', '/api/conferences')[0]?.query.get('moderator')).toBe('agent1@apizee.com');
    const p = new URL(
      (await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal())).url,
    );
    const c = new URL(
      (await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal())).url,
    );
    expect(p.searchParams.get('name')).toBe('Erika Muster');
    expect(c.searchParams.has('name')).toBe(false);
  });

  it('refuses a room without any e-mail or phone before calling Apizee', async () => {
    const { provider } = setup();
    const err = await rejection(
      provider.createRoom(
        {
          ...spec,
          participants: [
            { id: 'x', role: 'patient' },
            { id: 'y', role: 'clinician' },
          ],
        },
        signal(),
      ),
    );
    expect(err.code).toBe('bad-request');
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('declares that it cannot cancel, and refuses to without calling Apizee', async () => {
    const { provider } = setup();
    const room = stored(await provider.createRoom(spec, signal()));
    fake.kit.reset();
    const err = await rejection(provider.cancelRoom(room, signal()));
    expect([err.code, err.status]).toEqual(['not-supported', 409]);
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('after a create timed out although Apizee created it, finds it by exact name and adopts it', async () => {
    const { provider } = setup();
    await provider.createRoom({ ...spec, roomId: 'room-10' }, signal()); // a keyword match that is not ours
    fake.kit.reset();
    fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/api/conferences' });
    const created = await provider.createRoom(spec, signal());
    expect(count('POST', '/api/conferences')).toBe(1);
    expect(fake.kit.sent('GET', '/api/conferences')[0]?.query.get('search')).toBe('room-1');
    expect(fake.conferences.get(Number(created.vendorRoomId))?.name).toBe('room-1');
    expect(fake.conferences.size).toBe(2);
  });

  it('after a create timed out before Apizee acted, creates it once more', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({ kind: 'hang', method: 'POST', path: '/api/conferences' });
    await provider.createRoom(spec, signal());
    expect(count('POST', '/api/conferences')).toBe(2);
    expect(count('GET', '/api/conferences')).toBe(1);
    expect(fake.conferences.size).toBe(1);
  });

  it('refuses a conference URL outside the configured origins', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({ kind: 'wrong-origin', method: 'POST', path: '/api/conferences' });
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
  });
});

describe('apizee provider, ticket mode', () => {
  it('creates a ticket; the patient gets requestor_url, the clinician the agent entry point, never the SSO URL', async () => {
    const { provider } = setup(ticketOptions);
    const created = await provider.createRoom(spec, signal());
    const [post] = fake.kit.sent('POST', '/api/tickets');
    expect(Object.fromEntries(post?.query ?? [])).toEqual({
      agent: 'agent1@apizee.com',
      email: 'erika@example.org',
      reference: 'room-1',
      scope: 'sso',
    });
    const ticket = fake.tickets.get(Number(created.vendorRoomId));
    expect(JSON.stringify(created)).not.toContain('access_token');

    const room = stored(created);
    const p = await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
    const c = await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
    expect(p.url).toBe(new URL(ticket?.requestorUrl ?? '').href);
    expect(new URL(p.url).origin).toBe(DIAG_ORIGIN);
    expect(c.url).toBe(`${CLOUD_ORIGIN}/entrypoint/${BUTTON_ID}/tickets/${ticket?.id}`);
    for (const link of [p.url, c.url]) expect(link).not.toContain('access_token');
    expect(provider.allowedOrigins).toEqual([DIAG_ORIGIN, CLOUD_ORIGIN]);
    expect(provider.capabilities).toMatchObject({ clinicianLink: true, cancel: false });
    expect(provider.iframeAllow).toContain('geolocation');
  });

  it('uses the phone number when the patient has no e-mail, and refuses without either', async () => {
    const { provider } = setup(ticketOptions);
    await provider.createRoom(
      { ...spec, participants: [{ ...patient, email: undefined, phone: '+4917012345' }, clinician] },
      signal(),
    );
    expect(fake.kit.sent('POST', '/api/tickets')[0]?.query.get('phone')).toBe('+4917012345');
    const err = await rejection(
      provider.createRoom({ ...spec, participants: [{ id: 'p', role: 'patient' }, clinician] }, signal()),
    );
    expect(err.code).toBe('bad-request');
  });

  it('after a create timed out, adopts the ticket found by reference (entry point from config)', async () => {
    const { provider } = setup({ ...ticketOptions, entrypointId: 777 });
    fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/api/tickets' });
    const created = await provider.createRoom(spec, signal());
    expect(count('POST', '/api/tickets')).toBe(1);
    expect(fake.kit.sent('GET', '/api/tickets')[0]?.query.get('reference')).toBe('room-1');
    const c = await provider.joinLink(
      { room: stored(created), participant: clinician, ttlSeconds: 60 },
      signal(),
    );
    expect(c.url).toBe(`${CLOUD_ORIGIN}/entrypoint/777/tickets/${created.vendorRoomId}`);
  });

  it('refuses a requestor_url outside the configured origins', async () => {
    const { provider } = setup(ticketOptions);
    fake.kit.faults.inject({ kind: 'wrong-origin', method: 'POST', path: '/api/tickets' });
    expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
  });
});

describe('apizee tokens', () => {
  it('shares one login between 100 concurrent calls on a cold cache', async () => {
    const { provider } = setup();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => provider.createRoom({ ...spec, roomId: `room-${i}` }, signal())),
    );
    expect(count('POST', '/api/token')).toBe(1);
    expect(count('POST', '/api/conferences')).toBe(100);
    expect(new Set(fake.kit.sent('POST', '/api/conferences').map((r) => bearerOf(r.headers))).size).toBe(1);
  });

  it('reuses the token until shortly before expires_in runs out', async () => {
    fake.knobs.tokenTtlSeconds = 600;
    const { provider, clock } = setup({ ...conferenceOptions, tokenRefreshMarginMs: 30_000 });
    await provider.createRoom(spec, signal());
    clock.advance(600_000 - 31_000);
    await provider.createRoom(spec, signal());
    expect(count('POST', '/api/token')).toBe(1);
    clock.advance(2_000);
    await provider.createRoom(spec, signal());
    expect(count('POST', '/api/token')).toBe(2);
  });

  it('logs in again once after a 401 and does not loop on a persistent 401', async () => {
    const { provider } = setup();
    await provider.createRoom(spec, signal());
    fake.expireTokens();
    fake.kit.reset();
    await provider.createRoom(spec, signal());
    expect([count('POST', '/api/token'), count('POST', '/api/conferences')]).toEqual([1, 2]);

    fake.knobs.rejectAllTokens = true;
    fake.kit.reset();
    const err = await rejection(provider.createRoom(spec, signal()));
    expect(err.code).toBe('vendor-rejected');
    expect([count('POST', '/api/token'), count('POST', '/api/conferences')]).toEqual([1, 2]);
  });

  it('reports refused credentials once, without echoing the password', async () => {
    const { provider } = setup({ ...conferenceOptions, password: 'not-the-password-789' });
    const err = await rejection(provider.createRoom(spec, signal()));
    expect(err.detail).toBe('apizee refused our account credentials');
    expect(count('POST', '/api/token')).toBe(1);
    expect(JSON.stringify({ d: err.detail, m: err.message, r: err.options.reason })).not.toContain(
      'not-the-password-789',
    );
  });

  it('sends the credentials form-encoded by default, never in the URL', async () => {
    const { provider } = setup();
    await provider.createRoom(spec, signal());
    const [login] = fake.kit.sent('POST', '/api/token');
    expect([...(login?.query.keys() ?? [])]).toEqual([]);
    expect(login?.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(login?.body).toEqual({ grant_type: 'password', ...APIZEE_ACCOUNT });
  });

  it("still sends them in the query when configured so (as in Apizee's reference)", async () => {
    const { provider } = setup({ ...conferenceOptions, credentialsIn: 'query' });
    await provider.createRoom(spec, signal());
    const [login] = fake.kit.sent('POST', '/api/token');
    expect(Object.fromEntries(login?.query ?? [])).toEqual({ grant_type: 'password', ...APIZEE_ACCOUNT });
    expect(login?.body).toBeUndefined();
  });

  it('uses a configured ready-made access token and never calls /token', async () => {
    const accessToken = fake.issueToken();
    const { mode, moderator } = conferenceOptions;
    const { provider } = setup({ mode, moderator, accessToken, ...FAST });
    await provider.createRoom(spec, signal());
    await provider.createRoom({ ...spec, roomId: 'room-2' }, signal());
    expect(count('POST', '/api/token')).toBe(0);
    expect(fake.kit.sent('POST', '/api/conferences').map((r) => bearerOf(r.headers))).toEqual([
      accessToken,
      accessToken,
    ]);

    // Refused (revoked or expired): one request, no retry with the same token, no login to fall back on.
    fake.knobs.rejectAllTokens = true;
    fake.kit.reset();
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.status]).toEqual(['vendor-rejected', 502]);
    expect(err.detail).toBe('apizee refused the configured access token');
    expect(fake.kit.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/conferences']);
    expect(JSON.stringify({ d: err.detail, m: err.message, r: err.options.reason })).not.toContain(
      accessToken,
    );
  });

  it('wants either an access token or username and password, not both and not neither', () => {
    const { mode } = conferenceOptions;
    expect(() => setup({ mode, ...FAST } as ApizeeOptionsInput)).toThrow(/accessToken.*username/);
    expect(() => setup({ ...conferenceOptions, accessToken: 'token-x' })).toThrow(/either/);
    expect(() => setup({ mode, username: 'u', ...FAST } as ApizeeOptionsInput)).toThrow(/password/);
  });
});

describe('apizee vendor failures', () => {
  it('maps 500 to vendor-unavailable and never retries the POST', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({ kind: 'status-500', method: 'POST', path: '/api/conferences' });
    expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-unavailable');
    expect(count('POST', '/api/conferences')).toBe(1);
  });

  it('maps 429 to vendor-unavailable with Retry-After', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({
      kind: 'status-429',
      method: 'POST',
      path: '/api/conferences',
      retryAfter: '12',
    });
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.options.retryAfter]).toEqual(['vendor-unavailable', 12]);
  });

  it('maps malformed JSON to vendor-bad-response', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({ kind: 'malformed-json', method: 'POST', path: '/api/token' });
    expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
  });

  it('retries the lookup GET at most twice and then gives up without creating again', async () => {
    const { provider } = setup();
    fake.kit.faults.inject({ kind: 'hang', method: 'POST', path: '/api/conferences' });
    fake.kit.faults.inject({ kind: 'hang', method: 'GET', path: '/api/conferences', times: 3 });
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.status]).toEqual(['vendor-timeout', 504]);
    expect(count('GET', '/api/conferences')).toBe(3);
    expect(count('POST', '/api/conferences')).toBe(1);
  });

  it('fails fast once the circuit is open and recovers through a probe', async () => {
    const { provider, clock } = setup({
      ...conferenceOptions,
      breakerFailureThreshold: 2,
      breakerCoolDownMs: 8_000,
    });
    fake.kit.faults.inject({ kind: 'status-503', method: 'POST', path: '/api/token', times: 2 });
    await rejection(provider.createRoom(spec, signal()));
    await rejection(provider.createRoom(spec, signal()));
    fake.kit.reset();
    const open = await rejection(provider.createRoom(spec, signal()));
    expect([open.code, open.status, open.options.retryAfter]).toEqual(['vendor-circuit-open', 503, 8]);
    expect(fake.kit.requests).toHaveLength(0);
    clock.advance(8_000);
    await provider.createRoom(spec, signal());
    expect(fake.kit.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/token',
      'POST /api/conferences',
    ]);
  });
});

it('has an https API base by default', () => {
  expect(APIZEE_API).toBe('https://cloud.apizee.com/api');
  expect(() => setup({ ...conferenceOptions, baseUrl: 'https://cloud.apizee.com/api?x=1' })).toThrow();
  expect(() => setup({ ...ticketOptions, agent: '' })).toThrow();
});
