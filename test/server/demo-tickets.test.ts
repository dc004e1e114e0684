import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const DEMO_ISSUER = 'demo-portal';

/** Demo mode as `--demo` sets it up: a local signer whose key is the one issuer. */
async function demo() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  server = await testServer(
    {
      issuers: [
        {
          issuer: DEMO_ISSUER,
          algorithms: ['ES256'],
          publicKeyJwk: (await exportJWK(publicKey)) as Record<string, unknown>,
        },
      ],
      joinWindow: { patientMinutesBefore: 0 },
    },
    { demo: true, demoSigner: { privateKey, issuer: DEMO_ISSUER, audience: 'consult.hospital.test' } },
  );
  return server;
}

const get = (s: Server, query: string) =>
  s.app.request(`/demo/ticket?${query}`, { headers: { 'sec-fetch-site': 'same-origin' } });

describe('GET /demo/ticket', () => {
  it('signs patient tickets only for an appointment', async () => {
    const s = await demo();
    const res = await get(s, 'role=patient');
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('bad-request');
    expect((await get(s, 'role=clinician')).status).toBe(200);
  });

  it('the demo visit the page opens can be joined by its patient', async () => {
    const s = await demo();
    const opened = await s.app.request('/demo/visits?startsInSeconds=0', { method: 'POST' });
    const { appointment } = (await opened.json()) as { appointment: string };
    const ticket = await (await get(s, `role=patient&appointment=${appointment}`)).text();
    const res = await s.join(ticket, { appointment });
    expect(res.status).toBe(200);
  });
});
