// A consult server whose provider takes SLOW_MS to mint a link: the process the shutdown tests signal
// (a slow request in flight, or an open event stream with SLOW_MS=0).
import { randomBytes } from 'node:crypto';
import { createConsultServer } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { exitOnSignals, serveNode } from '../../src/server/node.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import { slowProvider } from './slow-provider.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET, signTicket } from './tickets.js';

const slowMs = Number(process.env.SLOW_MS ?? 1500);
const slow = slowProvider(slowMs);

const app = await createConsultServer(
  {
    publicUrl: 'http://localhost:1',
    audience: AUDIENCE,
    allowedOrigins: [],
    issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET }],
    pseudonymSecret: 'x'.repeat(32),
    provider: 'slow',
    shutdownGraceMs: Number(process.env.GRACE_MS ?? 5000),
  },
  {
    providers: [slow],
    store: createSqliteStore(':memory:', { dataKey: randomBytes(32) }),
    logger: createLogger('silent'),
  },
);
// The clinic opens the visit the tests join (`apt-1`); patients never open rooms.
const staff = await signTicket(new TextEncoder().encode(HS_SECRET), {
  alg: 'HS256',
  iss: HS_ISSUER,
  role: 'staff',
  sub: 'clinic-scheduler',
});
const opened = await app.request('/v1/rooms', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
  body: JSON.stringify({ appointment: 'apt-1' }),
});
if (opened.status !== 201) throw new Error(`could not open apt-1: ${opened.status}`);
const running = await serveNode(app, { port: 0, graceMs: app.config.shutdownGraceMs });
exitOnSignals(running, () => app.close());
console.log(`listening ${running.url}`);
