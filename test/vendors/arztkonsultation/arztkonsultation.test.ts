import { describe, expect, it } from 'vitest';
import { createArztkonsultationProvider } from '../../../src/server/providers/arztkonsultation.js';
import type { ArztkonsultationOptionsInput } from '../../../src/server/providers/arztkonsultation.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { bearerOf } from '../support/fake-token.js';
import { AK_CLIENT, AK_OPTIONS, AK_ORGANIZER, AK_ORIGIN, createArztFake } from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';
import { FAST_PLUMBING, testDeps } from '../support/fast-plumbing.js';

const fake = createArztFake();
useFake(fake);
const patient: Participant = { id: 'p-hash-1', role: 'patient', name: 'Erika Muster', language: 'de' };
const clinician: Participant = { id: 'c-hash-1', role: 'clinician', name: 'Dr. Muster' };
const startsAt = new Date('2030-01-02T10:00:00Z');
const spec: RoomSpec = {
  roomId: 'room-1',
  appointment: 'apt-1',
  startsAt,
  durationMinutes: 15,
  participants: [patient, clinician],
};

const setup = (overrides: Partial<ArztkonsultationOptionsInput> = {}) => {
  const clock = testClock();
  const provider = createArztkonsultationProvider(
    {
      ...AK_OPTIONS,
      additionalCalleeIds: [59288],
      ...FAST_PLUMBING,
      ...overrides,
    },
    testDeps(clock),
  );
  return { provider, clock };
};

const stored = (vendorData: Record<string, unknown>): StoredRoom => ({
  id: spec.roomId,
  provider: 'arztkonsultation',
  appointment: spec.appointment,
  vendorRoomId: String(vendorData.callId),
  vendorData,
  status: 'open',
  startsAt,
  durationMinutes: spec.durationMinutes,
});

const createdRoom = async (provider = setup().provider) =>
  stored((await provider.createRoom(spec, signal())).vendorData ?? {});

const count = (method: string, path: string | RegExp) => fake.kit.sent(method, path).length;

describe('arztkonsultation provider', () => {
  it('creates a call, hands out a TAN link to the patient, a scoped-token link to the clinician, and cancels', async () => {
    const { provider } = setup();
    const created = await provider.createRoom(spec, signal());

    const [post] = fake.kit.sent('POST', '/api/v2/calls');
    expect(post?.body).toEqual({
      duration: 15,
      begin: Math.floor(startsAt.getTime() / 1000),
      tan_username: 'Erika Muster',
      call_type: 'tan',
      additional_callees: [{ user_id: 59288 }],
    });
    // The call is created with the organizer's user token, obtained with the client token.
    const [auth] = fake.kit.sent('POST', '/api/ext/authenticateUser');
    expect(auth?.body).toEqual({ email: AK_ORGANIZER });
    expect(fake.kit.sent('POST', '/api/v2/client')[0]?.body).toEqual({
      client_id: AK_CLIENT.clientId,
      pw: AK_CLIENT.clientSecret,
    });
    const call = fake.calls.get(Number(created.vendorRoomId));
    expect(call?.createdBy).toBe(AK_ORGANIZER);
    const tan = call?.users.find((u) => u.role_name === 'tanuser')?.tan;
    expect(created.vendorData).toEqual({ callId: call?.id, tan });

    const room = stored(created.vendorData ?? {});
    const patientLink = await provider.joinLink({ room, participant: patient, ttlSeconds: 120 }, signal());
    const p = new URL(patientLink.url);
    expect(p.origin).toBe(AK_ORIGIN);
    expect(p.pathname).toBe(`/video/${call?.id}`);
    expect(p.searchParams.get('tan')).toBe(tan);
    expect([...p.searchParams.keys()]).toEqual(['tan']);

    const clinicianLink = await provider.joinLink(
      { room, participant: clinician, ttlSeconds: 120 },
      signal(),
    );
    const c = new URL(clinicianLink.url);
    expect(c.pathname).toBe(`/video/${call?.id}`);
    expect([...c.searchParams.keys()]).toEqual(['tid']);
    const scoped = Buffer.from(c.searchParams.get('tid') ?? '', 'base64').toString('utf8');
    expect(fake.scopedTokens.get(scoped)).toEqual({
      email: AK_ORGANIZER,
      validFor: 2,
      lifetimeMs: 120_000,
      scopeType: 'call',
      scopeId: call?.id,
    });
    expect(clinicianLink.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2 * 60_000 + 1_000);

    await provider.cancelRoom(room, signal());
    expect(fake.kit.sent('DELETE', `/api/v2/calls/${call?.id}`)).toHaveLength(1);
    expect(fake.calls.has(Number(created.vendorRoomId))).toBe(false);
  });

  it('never gives the patient the clinician link form, and never mints a scoped token for a patient', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    for (let i = 0; i < 3; i++) {
      const link = new URL(
        (await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal())).url,
      );
      expect(link.searchParams.has('tid')).toBe(false);
    }
    expect(count('POST', '/api/ext/createScopedToken')).toBe(0);
    const clinicianLink = new URL(
      (await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal())).url,
    );
    expect(clinicianLink.searchParams.has('tan')).toBe(false);
  });

  it('sends patients through the waiting area when configured', async () => {
    const { provider } = setup({ waitingArea: true });
    const room = await createdRoom(provider);
    const link = new URL(
      (await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal())).url,
    );
    expect(link.pathname).toBe('/video/login');
    expect(link.searchParams.get('tan')).toBe(room.vendorData.tan);
    expect(provider.capabilities.waitingArea).toBe(true);
  });

  describe('scoped token lifetime (valid_for has no documented unit)', () => {
    for (const unit of ['seconds', 'minutes'] as const) {
      it(`in ${unit}: the valid_for sent and the expiry reported to the browser agree`, async () => {
        fake.knobs.validForUnit = unit;
        const { provider, clock } = setup({ scopedTokenValidForUnit: unit });
        const room = await createdRoom(provider);
        // The server's default join link lifetime is 5 minutes.
        const link = await provider.joinLink({ room, participant: clinician, ttlSeconds: 300 }, signal());
        const tid = new URL(link.url).searchParams.get('tid') ?? '';
        const issued = fake.scopedTokens.get(Buffer.from(tid, 'base64').toString('utf8'));
        expect(issued?.validFor).toBe(unit === 'seconds' ? 300 : 5);
        expect(link.expiresAt.getTime() - clock.now()).toBe(issued?.lifetimeMs);
        expect(issued?.lifetimeMs).toBe(300_000);
        expect(provider.capabilities.minLinkTtlSeconds).toBe(unit === 'seconds' ? 1 : 60);
      });
    }

    it('in seconds: sends the requested TTL, capped by maxLinkTtlSeconds', async () => {
      const { provider } = setup({ scopedTokenValidForUnit: 'seconds', maxLinkTtlSeconds: 300 });
      const room = await createdRoom(provider);
      for (const ttlSeconds of [1, 61, 86_400])
        await provider.joinLink({ room, participant: clinician, ttlSeconds }, signal());
      expect(
        fake.kit
          .sent('POST', '/api/ext/createScopedToken')
          .map((r) => (r.body as { valid_for: number }).valid_for),
      ).toEqual([1, 61, 300]);
    });

    it('refuses to start without the unit, and says to confirm it with the vendor', () => {
      const { scopedTokenValidForUnit: _unit, ...withoutUnit } = AK_OPTIONS;
      expect(() => createArztkonsultationProvider(withoutUnit as ArztkonsultationOptionsInput)).toThrow(
        /seconds.*minutes.*confirm/s,
      );
      expect(() =>
        createArztkonsultationProvider({ ...AK_OPTIONS, scopedTokenValidForUnit: 'hours' as 'minutes' }),
      ).toThrow(/confirm/);
    });
  });

  it('in minutes: rounds the scoped token lifetime up to whole minutes and caps it', async () => {
    const { provider } = setup({ maxLinkTtlSeconds: 300 });
    const room = await createdRoom(provider);
    await provider.joinLink({ room, participant: clinician, ttlSeconds: 1 }, signal());
    await provider.joinLink({ room, participant: clinician, ttlSeconds: 61 }, signal());
    await provider.joinLink({ room, participant: clinician, ttlSeconds: 86_400 }, signal());
    expect(
      fake.kit
        .sent('POST', '/api/ext/createScopedToken')
        .map((r) => (r.body as { valid_for: number }).valid_for),
    ).toEqual([1, 2, 5]);
  });

  it('refuses a room with two patients before calling the vendor', async () => {
    const { provider } = setup();
    const two = await rejection(
      provider.createRoom({ ...spec, participants: [patient, { ...patient, id: 'p2' }] }, signal()),
    );
    expect(two.code).toBe('bad-request');
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('creates the call before the patient is known (the clinician joined first); the patient gets the TAN seat', async () => {
    const { provider } = setup();
    const room = stored(
      (await provider.createRoom({ ...spec, participants: [clinician] }, signal())).vendorData ?? {},
    );
    expect((fake.kit.sent('POST', '/api/v2/calls')[0]?.body as { tan_username: string }).tan_username).toBe(
      'Patient',
    );
    const link = new URL(
      (await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal())).url,
    );
    expect(link.searchParams.get('tan')).toBe(room.vendorData.tan);
  });

  describe('tokens', () => {
    it('shares one client login between 100 concurrent clinician joins on a cold cache', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.expireTokens();
      const fresh = setup().provider; // cold cache
      fake.kit.reset();
      const links = await Promise.all(
        Array.from({ length: 100 }, () =>
          fresh.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
        ),
      );
      expect(new Set(links.map((l) => l.url)).size).toBe(100);
      expect(count('POST', '/api/v2/client')).toBe(1);
      expect(count('POST', '/api/ext/createScopedToken')).toBe(100);
      const bearers = new Set(
        fake.kit.sent('POST', '/api/ext/createScopedToken').map((r) => bearerOf(r.headers)),
      );
      expect(bearers.size).toBe(1);
    });

    it('reuses the token until shortly before its expiry, then logs in again', async () => {
      const { provider, clock } = setup({ tokenRefreshMarginMs: 60_000 });
      const room = await createdRoom(provider);
      fake.kit.reset();
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
      clock.advance(3_600_000 - 61_000 - 5_000); // the fake's tokens live 1 h
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
      expect(count('POST', '/api/v2/client')).toBe(0);
      clock.advance(10_000); // now inside the refresh margin
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
      expect(count('POST', '/api/v2/client')).toBe(1);
    });

    it('logs in again once when the vendor answers 401, then retries once', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.expireTokens(); // revoked early, although our cache still trusts them
      fake.kit.reset();
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
      expect(count('POST', '/api/v2/client')).toBe(1);
      expect(count('POST', '/api/ext/createScopedToken')).toBe(2);
      // The user token for creating calls is refreshed the same way. Both tokens are dead here, so the
      // user re-login itself meets a 401 and refreshes the client token first (once each, no loop).
      fake.expireTokens();
      fake.kit.reset();
      await provider.createRoom(spec, signal());
      expect(count('POST', '/api/v2/calls')).toBe(2);
      expect(count('POST', '/api/ext/authenticateUser')).toBe(2);
      expect(count('POST', '/api/v2/client')).toBe(1);
    });

    it('does not loop on a persistent 401', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.knobs.rejectAllTokens = true;
      fake.kit.reset();
      const err = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect(err.code).toBe('vendor-rejected');
      expect(err.status).toBe(502);
      expect(count('POST', '/api/ext/createScopedToken')).toBe(2);
      expect(count('POST', '/api/v2/client')).toBe(1);
    });

    it('reports refused client credentials without retrying and without echoing them', async () => {
      const { provider } = setup({ clientSecret: 'wrong-password-123' });
      const room = stored({ callId: 1, tan: 'abcd-efgh-ijkl' });
      const err = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect(err.code).toBe('vendor-rejected');
      expect(err.detail).toMatch(/client credentials/);
      expect(count('POST', '/api/v2/client')).toBe(1);
      expect(JSON.stringify({ ...err, message: err.message, reason: err.options.reason })).not.toContain(
        'wrong-password-123',
      );
    });
  });

  describe('vendor failures', () => {
    it('maps a 500 to vendor-unavailable and never retries the POST', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'status-500', method: 'POST', path: '/api/v2/calls' });
      const err = await rejection(provider.createRoom(spec, signal()));
      expect([err.code, err.status]).toEqual(['vendor-unavailable', 502]);
      expect(count('POST', '/api/v2/calls')).toBe(1);
    });

    it('maps a 429 to vendor-unavailable with the vendor Retry-After', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'status-429', path: '/api/ext/createScopedToken', retryAfter: '42' });
      const err = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect(err.code).toBe('vendor-unavailable');
      expect(err.options.retryAfter).toBe(42);
    });

    it('maps a hang to vendor-timeout (504) and does not repeat a POST that is not a create', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'hang', path: '/api/ext/createScopedToken' });
      const err = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.status]).toEqual(['vendor-timeout', 504]);
      expect(count('POST', '/api/ext/createScopedToken')).toBe(1);
    });

    it('maps malformed JSON and a redirect to vendor-bad-response', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'malformed-json', method: 'POST', path: '/api/v2/calls' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
      fake.kit.faults.inject({ kind: 'redirect', method: 'POST', path: '/api/v2/calls' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
    });

    it("puts two appointments created in the same second into two calls, never the first one's, when a create hangs", async () => {
      const { provider } = setup();
      // Two first joins in the same second by patients without a name: begin, duration and TAN user name
      // ("Patient") are all equal, so nothing the vendor returns tells the two calls apart.
      const unnamed: Participant = { id: 'p-hash-a', role: 'patient' };
      const first = { ...spec, roomId: 'room-a', appointment: 'apt-a', participants: [unnamed] };
      const second = {
        ...first,
        roomId: 'room-b',
        appointment: 'apt-b',
        participants: [{ ...unnamed, id: 'p-b' }],
      };
      const a = await provider.createRoom(first, signal());
      fake.kit.faults.inject({ kind: 'hang', method: 'POST', path: '/api/v2/calls' });
      const outcome = await provider.createRoom(second, signal()).then(
        (created) => ({ created }),
        (error: unknown) => ({ error }),
      );
      if ('created' in outcome) {
        expect(outcome.created.vendorRoomId).not.toBe(a.vendorRoomId);
        expect(outcome.created.vendorData?.tan).not.toBe(a.vendorData?.tan);
      } else {
        expect(outcome.error).toMatchObject({ code: 'vendor-timeout', status: 504 });
      }
      // Retrying the room later (the next join) makes its own call; the first call stays the first's.
      const b = 'created' in outcome ? outcome.created : await provider.createRoom(second, signal());
      expect(b.vendorRoomId).not.toBe(a.vendorRoomId);
      expect(b.vendorData?.tan).not.toBe(a.vendorData?.tan);
    });

    it('after a create timed out, adopts nothing (the API has no per-call marker) and creates nothing more', async () => {
      for (const kind of ['hang', 'hang-after-effect'] as const) {
        const { provider } = setup();
        fake.reset();
        fake.kit.faults.inject({ kind, method: 'POST', path: '/api/v2/calls' });
        const err = await rejection(provider.createRoom(spec, signal()));
        expect([err.code, err.status]).toEqual(['vendor-timeout', 504]);
        expect(count('POST', '/api/v2/calls')).toBe(1);
        expect(count('GET', '/api/v2/calls')).toBe(0);
        expect(fake.calls.size).toBe(kind === 'hang' ? 0 : 1);
      }
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, fails fast with 503 + Retry-After, probes after the cool-down, closes', async () => {
      const { provider, clock } = setup({ breakerFailureThreshold: 3, breakerCoolDownMs: 10_000 });
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'status-500', path: '/api/ext/createScopedToken', times: 3 });
      for (let i = 0; i < 3; i++) {
        const err = await rejection(
          provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
        );
        expect(err.code).toBe('vendor-unavailable');
      }
      fake.kit.reset();
      const open = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect([open.code, open.status, open.options.retryAfter]).toEqual(['vendor-circuit-open', 503, 10]);
      expect(fake.kit.requests).toHaveLength(0); // failed fast: the vendor saw nothing
      clock.advance(4_000);
      expect((await rejection(provider.cancelRoom(room, signal()))).options.retryAfter).toBe(6);

      clock.advance(6_000);
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()); // the probe
      await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()); // closed again
      expect(count('POST', '/api/ext/createScopedToken')).toBe(2);
    });

    it('re-opens when the half-open probe fails', async () => {
      const { provider, clock } = setup({ breakerFailureThreshold: 1, breakerCoolDownMs: 5_000 });
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'status-500', path: '/api/ext/createScopedToken', times: 2 });
      await rejection(provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()));
      clock.advance(5_000);
      expect(
        (await rejection(provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()))).code,
      ).toBe('vendor-unavailable');
      const again = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect([again.code, again.options.retryAfter]).toEqual(['vendor-circuit-open', 5]);
    });

    it('does not count refusals the vendor meant (4xx) as failures', async () => {
      const { provider } = setup({ breakerFailureThreshold: 2 });
      const room = stored({ callId: 999_999, tan: 'abcd-efgh-ijkl' });
      for (let i = 0; i < 4; i++) {
        expect((await rejection(provider.cancelRoom(room, signal()))).code).toBe('room-not-found');
      }
    });
  });

  describe('cancel', () => {
    it('surfaces the refusal to delete a call that already ran as room-ended (409)', async () => {
      for (const status of [403, 422]) {
        const { provider } = setup();
        const room = await createdRoom(provider);
        fake.markRan(Number(room.vendorRoomId));
        fake.knobs.refuseDeleteStatus = status;
        const err = await rejection(provider.cancelRoom(room, signal()));
        expect([err.code, err.status]).toEqual(['room-ended', 409]);
        expect(err.detail).toMatch(/already taken place/);
        expect(count('DELETE', `/api/v2/calls/${room.vendorRoomId}`)).toBe(1);
      }
    });

    it('maps an unknown call to room-not-found and encodes the id into one path segment', async () => {
      const { provider } = setup();
      const err = await rejection(
        provider.cancelRoom(stored({ callId: '404', tan: 'abcd-efgh-ijkl' }), signal()),
      );
      expect(err.code).toBe('room-not-found');
      const bad = await rejection(
        provider.cancelRoom(stored({ callId: '1/../../x', tan: 'abcd-efgh-ijkl' }), signal()),
      );
      expect(bad.code).toBe('internal'); // not a vendor call id: refused before any request
      expect(count('DELETE', /x$/)).toBe(0);
    });
  });

  it('declares its origin and capabilities', () => {
    const { provider } = setup();
    expect(provider.allowedOrigins).toEqual([AK_ORIGIN]);
    expect(provider.capabilities).toMatchObject({ cancel: true, clinicianLink: true, minLinkTtlSeconds: 60 });
  });

  it('refuses options without credentials or with a URL for a host', () => {
    expect(() => setup({ clientSecret: '' })).toThrow(/clientSecret must not be empty/);
    expect(() => setup({ host: 'https://evil.test/x' })).toThrow();
  });
});
