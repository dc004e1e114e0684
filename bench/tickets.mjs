// HS256 consult tickets built synchronously (node:crypto), one fresh `jti` per request, so that the load
// generator can sign inside autocannon's setupRequest at any rate. Same bytes as jose's SignJWT.
import { createHmac, randomUUID } from 'node:crypto';

export const BENCH = {
  issuer: 'bench',
  audience: 'bench',
  secret: 'bench-secret-bench-secret-bench-secret!',
  pseudonymSecret: 'bench-pseudonym-secret-bench-pseudonym',
  appointment: 'bench-apt-1',
};

/** The consult server's config for the benches: the bench issuer, limits out of the way; `extra` on top. */
export const benchConfig = (extra = {}) => ({
  publicUrl: 'http://127.0.0.1:1',
  audience: BENCH.audience,
  allowedOrigins: [],
  issuers: [{ issuer: BENCH.issuer, algorithms: ['HS256'], secret: BENCH.secret }],
  pseudonymSecret: BENCH.pseudonymSecret,
  rateLimit: { perIp: 10_000_000, perSubject: 10_000_000 },
  ...extra,
});

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'consult-ticket+jwt' });

/** A signed ticket; `secret` other than the bench's makes a forged one. */
export function ticket(claims, { secret = BENCH.secret, now = Date.now() } = {}) {
  const iat = Math.floor(now / 1000);
  const payload = b64({
    iss: BENCH.issuer,
    aud: BENCH.audience,
    jti: randomUUID(),
    iat,
    exp: iat + 110,
    ...claims,
  });
  const signature = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

let n = 0;
/** A patient of the bench visit (500 different subjects, like a busy clinic's day). */
export const patientTicket = (options) =>
  ticket({ sub: `p-${n++ % 500}`, role: 'patient', appointment: BENCH.appointment }, options);
