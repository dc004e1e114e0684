import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createConsultServer, type ConsultServer } from '../../src/server/app.js';
import { demoSiteRoutes } from '../../src/server/demo/demo-site.js';
import { packageRoot } from '../../src/server/internal/package-root.js';
import { createLogger } from '../../src/server/logger.js';
import { serveNode, type RunningServer } from '../../src/server/node.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { launchChromium } from '../support/browser.js';
import { freePort } from '../support/demo-process.js';
import { AK_OPTIONS, AK_ORIGIN, createArztFake } from '../vendors/arztkonsultation/fake.js';
import { createKaleyraFake, KALEYRA_JOIN_ORIGIN, KALEYRA_OPTIONS } from '../vendors/kaleyra/fake.js';
import { APIZEE_ACCOUNT, createApizeeFake, MEET_ORIGIN } from '../vendors/apizee/fake.js';
import { AUVIOUS_JOIN_ORIGIN, AUVIOUS_OPTIONS, createAuviousFake } from '../vendors/auvious/fake.js';
import { createWebcamconsultFake, WCC_JOIN_ORIGIN, WCC_OPTIONS } from '../vendors/webcamconsult/fake.js';
import { randomBytes, randomUUID } from 'node:crypto';

// The consult server runs here, on 127.0.0.1, for real; its outbound vendor calls go to the stateful
// fakes (msw/node). Chromium loads the demo page with the script-tag bundle, and the vendor's room page
// (an https origin no test can reach) is answered by Playwright with a stub, so the test sees exactly
// which URL the room element framed.
const fakes = {
  arztkonsultation: createArztFake(),
  kaleyra: createKaleyraFake(),
  apizee: createApizeeFake(),
  auvious: createAuviousFake(),
  webcamconsult: createWebcamconsultFake(),
};
const vendors = setupServer(...Object.values(fakes).flatMap((f) => f.handlers));
const ISSUER = 'e2e-portal';
const AUDIENCE = 'e2e-consult';

let browser: Browser;
let signingKey: CryptoKey;
beforeAll(async () => {
  vendors.listen({
    onUnhandledRequest: ({ url }, print) => {
      if (!/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) print.error();
    },
  });
  browser = await launchChromium();
  signingKey = (await generateKeyPair('ES256')).privateKey;
});
afterAll(async () => {
  await browser?.close();
  vendors.close();
});

const VENDOR_CONFIG = {
  arztkonsultation: AK_OPTIONS,
  kaleyra: KALEYRA_OPTIONS,
  apizee: { mode: 'conference', ...APIZEE_ACCOUNT },
  auvious: AUVIOUS_OPTIONS,
  webcamconsult: WCC_OPTIONS,
} as const;

async function startConsult(provider: keyof typeof VENDOR_CONFIG) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const keys = await generateKeyPair('ES256', { extractable: true });
  signingKey = keys.privateKey;
  const app: ConsultServer = await createConsultServer(
    {
      publicUrl: origin,
      audience: AUDIENCE,
      issuers: [
        {
          issuer: ISSUER,
          algorithms: ['ES256'],
          publicKeyJwk: (await exportJWK(keys.publicKey)) as Record<string, unknown>,
        },
      ],
      allowedOrigins: [origin],
      pseudonymSecret: 'e2e-pseudonym-secret-e2e-pseudonym-secret',
      provider,
      providers: { [provider]: VENDOR_CONFIG[provider] },
    },
    {
      demo: true,
      store: createSqliteStore(':memory:', { dataKey: randomBytes(32) }),
      logger: createLogger('silent'),
      demoSigner: { privateKey: keys.privateKey, issuer: ISSUER, audience: AUDIENCE },
    },
  );
  app.route(
    '/',
    demoSiteRoutes(packageRoot(), {
      publicUrl: origin,
      frameOrigins: [AK_ORIGIN, KALEYRA_JOIN_ORIGIN, MEET_ORIGIN, AUVIOUS_JOIN_ORIGIN, WCC_JOIN_ORIGIN],
    }),
  );
  app.get('/host', (c) => c.html(hostPage(`vendor-${provider}-${Date.now()}`)));
  const running: RunningServer = await serveNode(app, { port });
  return { app, origin, running };
}

/** The portal's clinician ticket (`claims` e.g. the `appointment` it is for). */
async function clinicianTicket(claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'clinician', name: 'Dr. Demo', ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'consult-ticket+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('demo-clinician')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(signingKey);
}

/** What the portal's scheduler does for vendors that must know participants: open the room ahead. */
async function openRoom(app: ConsultServer, appointment: string) {
  const ticket = await clinicianTicket();
  const res = await app.request('/v1/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ticket}` },
    body: JSON.stringify({
      appointment,
      durationMinutes: 30,
      participants: [
        {
          subject: 'demo-patient',
          role: 'patient',
          name: 'Demo Patient',
          email: 'patient@example.org',
          language: 'en',
        },
      ],
    }),
  });
  expect(res.status).toBe(201);
}

/**
 * A portal page for these tests: the script-tag bundle, a patient and a clinician button for one
 * appointment, rooms without check-in (covered in the demo test) and the same event log as the demo.
 */
const hostPage = (
  appointment: string,
) => `<!doctype html><html lang="en"><head><title>Portal</title></head><body>
  ${['patient', 'clinician']
    .map(
      (role) => `<call-join-button id="${role}-join" join-role="${role}" appointment="${appointment}"
        ticket-url="/demo/ticket?role=${role}&amp;appointment=${appointment}" target="${role}-room"></call-join-button>
      <video-consult-room id="${role}-room" no-precheck></video-consult-room>`,
    )
    .join('')}
  <script src="/video-consult.js"></script>
  <script>
    for (const b of document.querySelectorAll('call-join-button')) b.server = location.origin;
    for (const type of ['vc-room-ready', 'vc-joined', 'vc-error', 'vc-ended']) {
      document.addEventListener(type, (e) => {
        window.__vcEvents = [...(window.__vcEvents ?? []), { type, target: e.target.id, detail: e.detail }];
      });
    }
  </script></body></html>`;

/** Opens the demo page with the vendor's room origins stubbed; returns every URL framed there. */
async function openDemo(origin: string): Promise<{ page: Page; framed: URL[] }> {
  const page = await browser.newPage();
  const framed: URL[] = [];
  for (const vendorOrigin of [
    AK_ORIGIN,
    KALEYRA_JOIN_ORIGIN,
    MEET_ORIGIN,
    AUVIOUS_JOIN_ORIGIN,
    WCC_JOIN_ORIGIN,
  ]) {
    await page.route(`${vendorOrigin}/**`, (route) => {
      framed.push(new URL(route.request().url()));
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Vendor room</title><h1>Vendor room</h1>',
      });
    });
  }
  await page.goto(`${origin}/host`);
  return { page, framed };
}

const joinAs = async (page: Page, who: 'patient' | 'clinician') => {
  await page.locator(`#${who}-join button`).click();
  await page.waitForFunction(
    (id) =>
      ((window as unknown as { __vcEvents?: { type: string; target: string }[] }).__vcEvents ?? []).some(
        (e) => e.target === id && (e.type === 'vc-room-ready' || e.type === 'vc-error'),
      ),
    `${who}-room`,
    { timeout: 15_000 },
  );
  const events = await page.evaluate(
    () =>
      (window as unknown as { __vcEvents: { type: string; target: string; detail: { code?: string } }[] })
        .__vcEvents,
  );
  expect(events.filter((e) => e.type === 'vc-error')).toEqual([]);
  return new URL((await page.locator(`#${who}-room iframe`).getAttribute('src'))!);
};

const appointmentOf = (page: Page) =>
  page.evaluate(
    () => (document.querySelector('#patient-join') as HTMLElement & { appointment: string }).appointment,
  );

describe('end to end per vendor (Chromium, consult server on 127.0.0.1, vendor fakes)', () => {
  it('arztkonsultation: the patient frames /video/{call}?tan=, the clinician ?tid=base64(scoped token)', async () => {
    const { origin, running, app } = await startConsult('arztkonsultation');
    const { page, framed } = await openDemo(origin);
    // Patients never open rooms: the portal's scheduler does, before the visit.
    await openRoom(app, await appointmentOf(page));
    const patient = await joinAs(page, 'patient');
    expect(patient.origin).toBe(AK_ORIGIN);
    expect(patient.pathname).toMatch(/^\/video\/\d+$/);
    expect(patient.searchParams.get('tan')).toMatch(/\S+/);
    expect(patient.searchParams.get('tid')).toBeNull();
    const clinician = await joinAs(page, 'clinician');
    expect(clinician.pathname).toBe(patient.pathname);
    // tid is base64 of a scoped token the vendor issued for exactly this call
    const token = Buffer.from(clinician.searchParams.get('tid')!, 'base64').toString();
    const callId = Number(patient.pathname.split('/').at(-1));
    expect(fakes.arztkonsultation.scopedTokens.get(token)).toMatchObject({
      scopeType: 'call',
      scopeId: callId,
    });
    expect(clinician.searchParams.get('tan')).toBeNull();
    expect(framed.map((u) => u.href)).toEqual([patient.href, clinician.href]);
    await page.close();
    await running.close();
    await app.close();
  });

  it('kaleyra: the patient frames the accessLinkURL issued for that patient', async () => {
    const { origin, running, app } = await startConsult('kaleyra');
    const { page, framed } = await openDemo(origin);
    await openRoom(app, await appointmentOf(page));
    const patient = await joinAs(page, 'patient');
    expect(patient.origin).toBe(KALEYRA_JOIN_ORIGIN);
    const issued = fakes.kaleyra.links.get(patient.href);
    expect(issued?.groups).toBe('patient');
    const clinician = await joinAs(page, 'clinician');
    expect(fakes.kaleyra.links.get(clinician.href)?.groups).toBe('doctor');
    expect(framed).toHaveLength(2);
    await page.close();
    await running.close();
    await app.close();
  });

  it('apizee: the patient frames the conference url with name=, geolocation allowed', async () => {
    const { origin, running, app } = await startConsult('apizee');
    const { page } = await openDemo(origin);
    await openRoom(app, await appointmentOf(page));
    const patient = await joinAs(page, 'patient');
    expect(patient.origin).toBe(MEET_ORIGIN);
    expect(patient.searchParams.get('name')).toBe('Demo Patient');
    expect(await page.locator('#patient-room iframe').getAttribute('allow')).toContain('geolocation');
    await page.close();
    await running.close();
    await app.close();
  });

  it("auvious: both roles frame the activation ticket url of the one appointment; the clinician's end closes both", async () => {
    const { origin, running, app } = await startConsult('auvious');
    const { page, framed } = await openDemo(origin);
    await openRoom(app, await appointmentOf(page));
    expect(fakes.auvious.appointments.size).toBe(1);
    const [appointment] = fakes.auvious.appointments.values();
    const patient = await joinAs(page, 'patient');
    expect(patient.origin).toBe(AUVIOUS_JOIN_ORIGIN);
    expect(fakes.auvious.tickets.get(patient.href)).toBe(appointment?.id);
    const clinician = await joinAs(page, 'clinician');
    expect(fakes.auvious.tickets.get(clinician.href)).toBe(appointment?.id);
    expect(framed.map((u) => u.href)).toEqual([patient.href, clinician.href]);

    // The clinician ends the visit (issue 11): Auvious is told, and both rooms close from the live state.
    const id = await appointmentOf(page);
    const ended = await app.request(`/v1/visits/${id}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await clinicianTicket({ appointment: id })}` },
    });
    expect(ended.status).toBe(200);
    expect(fakes.auvious.kit.sent('PUT', `/api/appointments/${appointment?.id}/end`)).toHaveLength(1);
    expect(appointment?.state).toBe('ENDED');
    for (const room of ['patient-room', 'clinician-room']) {
      await page.waitForFunction(
        (target) =>
          ((window as unknown as { __vcEvents?: { type: string; target: string }[] }).__vcEvents ?? []).some(
            (e) => e.target === target && e.type === 'vc-ended',
          ),
        room,
        { timeout: 15_000 },
      );
      expect(await page.locator(`#${room} iframe`).count()).toBe(0);
    }
    await page.close();
    await running.close();
    await app.close();
  });

  it('webcamconsult: the patient frames the configured template with the client token, the clinician its own', async () => {
    const { origin, running, app } = await startConsult('webcamconsult');
    const { page, framed } = await openDemo(origin);
    await openRoom(app, await appointmentOf(page));
    const [appointment] = [...fakes.webcamconsult.appointments.values()];
    const client = fakes.webcamconsult.clients.get(appointment!.client_id);
    const patient = await joinAs(page, 'patient');
    expect(patient.href).toBe(
      `${WCC_JOIN_ORIGIN}/consult/${appointment!.id}?token=${client!.authentication_token}`,
    );
    const clinician = await joinAs(page, 'clinician');
    expect(clinician.origin).toBe(WCC_JOIN_ORIGIN);
    expect(clinician.pathname).toBe(`/users/${appointment!.user_id}/appointments/${appointment!.id}`);
    expect(framed.map((u) => u.href)).toEqual([patient.href, clinician.href]);
    await page.close();
    await running.close();
    await app.close();
  });
});
