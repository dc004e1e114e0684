// Benchmark: POST /v1/join with the sandbox provider, against a real server on 127.0.0.1.
// Bounded: one run of DURATION seconds (default 10) with CONNECTIONS (default 10) connections.
// Every request carries a fresh, pre-signed ticket (the server refuses a replayed jti), so this
// measures verification + replay insert + room lookup + grant insert + audit rows, as in production.
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsultServer } from '../dist/esm/server/app.js';
import { createLogger } from '../dist/esm/server/logger.js';
import { serveNode } from '../dist/esm/server/node.js';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const SECRET = new TextEncoder().encode('bench-secret-bench-secret-bench-secret!');

const dir = mkdtempSync(join(tmpdir(), 'vc-bench-'));
const app = await createConsultServer(
  {
    publicUrl: 'http://127.0.0.1:1',
    audience: 'bench',
    allowedOrigins: [],
    issuers: [{ issuer: 'bench', algorithms: ['HS256'], secret: new TextDecoder().decode(SECRET) }],
    pseudonymSecret: 'bench-pseudonym-secret-bench-pseudonym',
    database: { path: join(dir, 'bench.sqlite') },
    rateLimit: { perIp: 10_000_000, perSubject: 10_000_000 },
  },
  { logger: createLogger('silent') },
);
const server = await serveNode(app, { port: 0 });

// Enough tickets for the run at well above the expected rate; signed before the clock starts.
const count = Number(process.env.TICKETS ?? 60_000);
console.log(`signing ${count} tickets…`);
const now = Math.floor(Date.now() / 1000);
const tickets = await Promise.all(
  Array.from({ length: count }, (_, i) =>
    new SignJWT({ role: 'patient' })
      .setProtectedHeader({ alg: 'HS256', typ: 'consult-ticket+jwt' })
      .setIssuer('bench')
      .setAudience('bench')
      .setSubject(`p-${i % 500}`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 110)
      .sign(SECRET),
  ),
);
let next = 0;
const body = JSON.stringify({ appointment: 'bench-apt-1' });

const result = await autocannon({
  url: `${server.url}/v1/join`,
  connections: CONNECTIONS,
  duration: DURATION,
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => ({
        ...req,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tickets[next++ % count]}` },
        body,
      }),
    },
  ],
});
await server.close();
await app.close();
rmSync(dir, { recursive: true, force: true });

const non2xx = result.non2xx + result.errors + result.timeouts;
console.log(`POST /v1/join (sandbox, SQLite file, ${CONNECTIONS} connections, ${DURATION} s)`);
console.log(`  requests/s: ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
console.log(`  latency ms: p50 ${result.latency.p50}  p99 ${result.latency.p99}  max ${result.latency.max}`);
console.log(`  non-2xx/errors/timeouts: ${non2xx}`);
if (next > count) console.log('  warning: tickets were reused (replays answered 401); raise TICKETS');
