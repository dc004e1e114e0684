import { CompactSign, SignJWT, type CryptoKey } from 'jose';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TICKET_TYPE } from '../../src/protocol/ticket.js';
import { createTicketVerifier } from '../../src/server/auth/ticket-verifier.js';
import { parseConfig } from '../../src/server/config.js';
import { ProblemError } from '../../src/server/problem-error.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET, ISSUER, makeKeys } from '../support/tickets.js';

// HS256 tickets are verified with node:crypto (fast-jwt), ES256 ones with jose: every case runs against
// both, tickets signed by jose, and must get the same answer. The clock is fixed.
const NOW = new Date('2026-11-30T10:00:00Z');
const T = NOW.getTime() / 1000;
const secret = new TextEncoder().encode(HS_SECRET);
const es = await makeKeys();

const verifierFor = () =>
  createTicketVerifier(
    parseConfig({
      publicUrl: 'https://consult.hospital.test',
      audience: AUDIENCE,
      allowedOrigins: [],
      pseudonymSecret: 'test-pseudonym-secret-of-32-bytes-or-more',
      issuers: [
        { issuer: ISSUER, algorithms: ['ES256'], publicKeyJwk: es.publicJwk },
        { issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET },
      ],
    }),
    createSqliteStore(':memory:', { dataKey: randomBytes(32) }),
    () => NOW,
  );

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

interface Path {
  iss: string;
  alg: string;
  key: CryptoKey | Uint8Array;
}
const paths: [string, Path][] = [
  ['HS256 (node:crypto)', { iss: HS_ISSUER, alg: 'HS256', key: secret }],
  ['ES256 (jose)', { iss: ISSUER, alg: 'ES256', key: es.privateKey }],
];

describe.each(paths)('ticket claims and header, %s', (_, path) => {
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: path.iss,
    aud: AUDIENCE,
    sub: 'patient-4711',
    jti: randomUUID(),
    iat: T,
    exp: T + 60,
    role: 'patient',
    appointment: 'apt-1',
    ...over,
  });
  const sign = (over: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    new SignJWT(claims(over))
      .setProtectedHeader({ alg: path.alg, typ: TICKET_TYPE, ...header })
      .sign(path.key);
  const codeOf = async (ticket: string) => {
    const verify = await verifierFor();
    try {
      await verify(`Bearer ${ticket}`);
      return 'accepted';
    } catch (error) {
      if (error instanceof ProblemError) return error.code;
      throw error;
    }
  };

  const cases: [string, () => Promise<string>, string][] = [
    ['a valid ticket', () => sign(), 'accepted'],
    ['an audience list that names us', () => sign({ aud: ['other', AUDIENCE] }), 'accepted'],
    ['typ with the application/ prefix', () => sign({}, { typ: `application/${TICKET_TYPE}` }), 'accepted'],
    ['the clock tolerance (30 s) on exp', () => sign({ iat: T - 80, exp: T - 20 }), 'accepted'],
    ['exp passed beyond the tolerance', () => sign({ iat: T - 100, exp: T - 31 }), 'ticket-expired'],
    ['nbf in the future', () => sign({ nbf: T + 31 }), 'ticket-not-yet-valid'],
    ['iat in the future', () => sign({ iat: T + 31, exp: T + 90 }), 'ticket-not-yet-valid'],
    ['iat older than the max age', () => sign({ iat: T - 151, exp: T + 60 }), 'ticket-stale'],
    ['another audience', () => sign({ aud: 'someone-else' }), 'ticket-wrong-audience'],
    ['an audience list without us', () => sign({ aud: ['a', 'b'] }), 'ticket-wrong-audience'],
    ['no aud', () => sign({ aud: undefined }), 'ticket-invalid'],
    ['no exp', () => sign({ exp: undefined }), 'ticket-invalid'],
    ['no iat', () => sign({ iat: undefined }), 'ticket-invalid'],
    ['no sub', () => sign({ sub: undefined }), 'ticket-invalid'],
    ['exp as a string', () => sign({ exp: String(T + 60) }), 'ticket-invalid'],
    ['typ JWT', () => sign({}, { typ: 'JWT' }), 'ticket-wrong-type'],
    ['no typ', () => sign({}, { typ: undefined }), 'ticket-wrong-type'],
    [
      'a crit extension',
      async () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: path.alg, typ: TICKET_TYPE, crit: ['x-ext'], 'x-ext': 1 })
          .sign(path.key, { crit: { 'x-ext': true } }),
      'ticket-invalid',
    ],
    ['alg none', async () => `${b64({ alg: 'none', typ: TICKET_TYPE })}.${b64(claims())}.`, 'ticket-invalid'],
    [
      'a payload changed after signing',
      async () => {
        const [h, , s] = (await sign()).split('.');
        return `${h}.${b64(claims({ sub: 'someone-else' }))}.${s}`;
      },
      'ticket-invalid',
    ],
    ['the signature cut short', async () => (await sign()).replace(/.{4}$/, ''), 'ticket-invalid'],
    ['no signature', async () => (await sign()).replace(/[^.]+$/, ''), 'ticket-invalid'],
  ];
  for (const [name, make, code] of cases) {
    it(`${code === 'accepted' ? 'accepts' : 'refuses'} ${name}`, async () => {
      expect(await codeOf(await make())).toBe(code);
    });
  }

  it('refuses a ticket id seen before', async () => {
    const verify = await verifierFor();
    const ticket = await sign();
    await expect(verify(`Bearer ${ticket}`)).resolves.toMatchObject({ subject: 'patient-4711' });
    await expect(verify(`Bearer ${ticket}`)).rejects.toMatchObject({ code: 'ticket-replayed' });
  });
});

describe('HS256 algorithm pinning', () => {
  const payload = {
    iss: HS_ISSUER,
    aud: AUDIENCE,
    sub: 'p',
    jti: randomUUID(),
    iat: T,
    exp: T + 60,
    role: 'clinician',
  };
  const code = async (ticket: string) =>
    (await verifierFor())(`Bearer ${ticket}`).then(
      () => 'accepted',
      (e: ProblemError) => e.code,
    );

  it('refuses HS384 and HS512 signed with the right secret', async () => {
    for (const alg of ['HS384', 'HS512']) {
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg, typ: TICKET_TYPE })
        .sign(secret);
      expect(await code(jws), alg).toBe('ticket-invalid');
    }
  });

  it('refuses an ES256 ticket naming the HS256 issuer, and one whose header says ES256 over an HMAC', async () => {
    const es256 = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', typ: TICKET_TYPE })
      .sign(es.privateKey);
    expect(await code(es256)).toBe('ticket-invalid');
    const input = `${b64({ alg: 'ES256', typ: TICKET_TYPE })}.${b64({ ...payload, jti: randomUUID() })}`;
    const mac = createHmac('sha256', HS_SECRET).update(input).digest('base64url');
    expect(await code(`${input}.${mac}`)).toBe('ticket-invalid');
  });

  it('refuses an HMAC keyed with the ES256 public key for the ES256 issuer', async () => {
    const forged = await new SignJWT({ ...payload, iss: ISSUER })
      .setProtectedHeader({ alg: 'HS256', typ: TICKET_TYPE })
      .sign(new TextEncoder().encode(JSON.stringify(es.publicJwk)));
    expect(await code(forged)).toBe('ticket-invalid');
  });
});
