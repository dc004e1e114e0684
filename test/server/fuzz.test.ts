import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { PORTAL, testServer } from '../support/server.js';

/** A small seeded PRNG (mulberry32) so a failure can be replayed from the printed seed. */
const prng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const BOUNDARY: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0,
  NaN,
  '',
  ' ',
  'a'.repeat(129),
  'a'.repeat(128),
  '\u0000',
  '\ud800',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE rooms; --",
  '__proto__',
  'constructor',
  [],
  {},
  [[[]]],
  { __proto__: { polluted: true } },
  '2026-02-30T25:61:00Z',
  '9999-12-31T23:59:59.999Z',
  'patient',
  'clinician',
  'staff',
];
const KEYS = [
  'appointment',
  'room',
  'role',
  'startsAt',
  'durationMinutes',
  'title',
  '__proto__',
  'constructor',
  'x',
];

function randomValue(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (r < 0.4) return BOUNDARY[Math.floor(rand() * BOUNDARY.length)];
  if (r < 0.6)
    return Array.from({ length: Math.floor(rand() * 40) }, () =>
      String.fromCharCode(Math.floor(rand() * 0xffff)),
    ).join('');
  if (r < 0.7) return Math.floor((rand() - 0.5) * 2 ** 40);
  if (r < 0.85 && depth < 3)
    return Object.fromEntries(KEYS.filter(() => rand() < 0.4).map((k) => [k, randomValue(rand, depth + 1)]));
  if (depth < 3) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  return 'x';
}

function randomBody(rand: () => number): string {
  const r = rand();
  if (r < 0.1) return JSON.stringify(randomValue(rand)).slice(0, Math.floor(rand() * 50)); // truncated JSON
  if (r < 0.15)
    return Array.from({ length: 64 }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
  return JSON.stringify(randomValue(rand)) ?? 'null';
}

// Lone surrogates cannot be percent-encoded; replace them as String#toWellFormed would.
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
/** Ids sent as they are: malformed percent-escapes and encoded separators hit the router's decoding. */
const RAW_IDS = ['r_x', '%', '%E0%A4%A', '%00', '..%2F..%2Fetc', '%F0%9F%92%A9', 'a%2Fb', '%ZZ'];

const ROUTES: [string, string][] = [
  ['POST', '/v1/join'],
  ['POST', '/v1/rooms'],
  ['DELETE', '/v1/rooms/{id}'],
  ['GET', '/v1/audit'],
  ['GET', '/v1/visits/{id}'],
  ['POST', '/v1/visits/{id}/end'],
  ['GET', '/v1/rooms/{id}/events'],
  ['POST', '/demo/visits'],
  ['GET', '/sandbox/rooms/{id}'],
  ['GET', '/sandbox/rooms/{id}/state'],
  ['POST', '/sandbox/rooms/{id}/end'],
  ['GET', '/healthz'],
  ['GET', '/readyz'],
  ['GET', '/openapi.json'],
];

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  // Demo mode, so that the demo routes are fuzzed too; it changes nothing else.
  server = await testServer({ rateLimit: { perIp: 1_000_000, perSubject: 1_000_000 } }, { demo: true });
});
afterAll(() => server.app.close());

describe('fuzz', () => {
  it(
    'answers 5,000 random and boundary requests across every route without a 5xx',
    { timeout: 120_000 },
    async () => {
      const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
      const rand = prng(seed);
      const tickets = await Promise.all(
        ['patient', 'clinician', 'staff'].map(
          (role) => () => signTicket(server.keys.privateKey, { role: role as never }),
        ),
      );
      const statuses = new Map<number, number>();
      for (let i = 0; i < 5000; i++) {
        const [method, template] = ROUTES[i % ROUTES.length]!;
        const id =
          rand() < 0.5
            ? enc(String(randomValue(rand))).slice(0, 300)
            : RAW_IDS[Math.floor(rand() * RAW_IDS.length)]!;
        const path = template.replace('{id}', id);
        const query =
          rand() < 0.5
            ? `?${KEYS[Math.floor(rand() * KEYS.length)]}=${enc(String(randomValue(rand)))}&from=${enc(String(randomValue(rand)))}&token=${enc(String(randomValue(rand)))}&startsInSeconds=${enc(String(randomValue(rand)))}`
            : '';
        const headers: Record<string, string> = { origin: rand() < 0.5 ? PORTAL : 'https://evil.test' };
        const auth = rand();
        if (auth < 0.6) headers.authorization = `Bearer ${await tickets[Math.floor(rand() * 3)]!()}`;
        else if (auth < 0.8)
          headers.authorization = `Bearer ${String(randomValue(rand)).replace(/[^\x20-\x7e]/g, '')}`;
        if (rand() < 0.8) headers['content-type'] = rand() < 0.9 ? 'application/json' : 'text/plain';
        if (rand() < 0.2)
          headers['idempotency-key'] = String(randomValue(rand))
            .replace(/[^\x20-\x7e]/g, '')
            .slice(0, 200);
        if (rand() < 0.2)
          headers['x-sandbox-session'] = String(randomValue(rand)).replace(/[^\x20-\x7e]/g, '');
        const init: RequestInit = { method, headers };
        if (method !== 'GET') init.body = randomBody(rand);
        const res = await server.app.request(path + query, init);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) {
          throw new Error(
            `5xx (${res.status}) for ${method} ${path}${query} seed=${seed} i=${i}: ${await res.text()}`,
          );
        }
        if (
          res.status >= 400 &&
          !(path.startsWith('/sandbox/rooms/') && method === 'GET' && !path.endsWith('/state'))
        ) {
          expect(res.headers.get('content-type'), `${method} ${path}`).toBe('application/problem+json');
        }
      }
      // The fuzz reached the handlers, not only the guards in front of them.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    },
  );
});
