import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_TYPE } from '../../src/protocol/ticket.js';
import { AUDIENCE, signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

const JWKS_URL = 'https://portal-b.hospital.test/.well-known/jwks.json';
let jwksCalls = 0;
const mock = setupServer();
beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.resetHandlers());
afterAll(() => mock.close());

// Clinician tickets: their join opens the room, so a test of keys needs no room set up first.
const sign = (key: CryptoKey, iss: string, alg: string, kid?: string) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'clinician' })
    .setProtectedHeader({ alg, typ: TICKET_TYPE, ...(kid && { kid }) })
    .setIssuer(iss)
    .setAudience(AUDIENCE)
    .setSubject('p-1')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key);
};

describe('ticket issuers', () => {
  it('verifies EdDSA tickets against a static PEM key, per issuer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const s = await testServer({
      issuers: [
        {
          issuer: 'https://portal-ed.test',
          algorithms: ['EdDSA'],
          publicKeyPem: await exportSPKI(publicKey),
        },
      ],
    });
    expect(
      (await s.join(await sign(privateKey, 'https://portal-ed.test', 'EdDSA'), { appointment: 'a-1' }))
        .status,
    ).toBe(200);
    // An ES256 ticket naming this issuer is refused: the algorithm is pinned per issuer.
    const es = await generateKeyPair('ES256');
    const res = await s.join(await sign(es.privateKey, 'https://portal-ed.test', 'ES256'), {
      appointment: 'a-1',
    });
    expect((await res.json()).code).toBe('ticket-invalid');
    await s.app.close();
  });

  it('fetches the JWKS of an issuer, caches it, and picks the key by kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    mock.use(
      http.get(JWKS_URL, () => {
        jwksCalls++;
        return HttpResponse.json({ keys: [jwk] });
      }),
    );
    const s = await testServer({
      issuers: [{ issuer: 'https://portal-b.test', algorithms: ['ES256'], jwksUrl: JWKS_URL }],
    });
    for (let i = 0; i < 3; i++) {
      expect(
        (await s.join(await sign(privateKey, 'https://portal-b.test', 'ES256', 'k1'), { appointment: 'a-1' }))
          .status,
      ).toBe(200);
    }
    expect(jwksCalls).toBe(1);
    const other = await generateKeyPair('ES256');
    const forged = await s.join(await sign(other.privateKey, 'https://portal-b.test', 'ES256', 'k1'), {
      appointment: 'a-1',
    });
    expect((await forged.json()).code).toBe('ticket-invalid');
    await s.app.close();
  });

  it('keeps several issuers apart', async () => {
    const s = await testServer();
    // signed by the ES256 portal's key but claiming the HS256 portal as issuer
    const res = await s.join(
      await signTicket(s.keys.privateKey, { iss: 'https://legacy-portal.hospital.test' }),
      { appointment: 'a' },
    );
    expect((await res.json()).code).toBe('ticket-invalid');
    await s.app.close();
  });

  it.each([
    [{ issuer: 'x', algorithms: ['HS256'], secret: 'too-short' }, /at least 32 bytes/],
    [{ issuer: 'x', algorithms: ['HS256'] }, /HS256 needs a secret/],
    [{ issuer: 'x', algorithms: ['HS256', 'ES256'], secret: 'x'.repeat(40) }, /cannot be mixed/],
    [{ issuer: 'x', algorithms: ['ES256'] }, /exactly one of jwksUrl/],
    [{ issuer: 'x', algorithms: ['RS256'], secret: 'x'.repeat(40) }, /issuers\.0\.algorithms\.0/],
    [{ issuer: 'x', algorithms: ['ES256'], jwksUrl: 'http://portal.test/jwks' }, /must be https/],
  ])('refuses to start with a weak or ambiguous issuer %#', async (issuer, message) => {
    await expect(testServer({ issuers: [issuer as never] })).rejects.toThrow(message);
  });

  it('refuses a public JWK that carries a private key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await expect(
      testServer({
        issuers: [
          { issuer: 'x', algorithms: ['ES256'], publicKeyJwk: (await exportJWK(privateKey)) as never },
        ],
      }),
    ).rejects.toThrow(/private parts/);
  });
});
