// One consult-server instance on a shared PostgreSQL (the multi-instance test starts three): booking on
// the test doubles, the sandbox provider, HS256 tickets, short job leases so that a killed instance's
// jobs are taken over within seconds. Env: VC_DATABASE_URL, PORT. Prints `listening <url>`.
// With VC_APIZEE_URL (a served Apizee fake) and VC_APIZEE_TOKEN, new rooms are Apizee conferences, whose
// live state is polled every VC_POLL_MS with a poll lease of VC_LEASE_MS (the live-poll test).
import { createConsultServer } from '../../../src/server/app.js';
import { createLogger } from '../../../src/server/logger.js';
import { createPgStore } from '../../../src/server/store/pg.js';
import { deriveDataKey } from '../../../src/server/store/sealed-json.js';
import { exitOnSignals, serveNode } from '../../../src/server/node.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET } from '../../support/tickets.js';
import { PORTAL } from '../../support/server.js';
import { bookingDoubles } from './booking.js';

const SECRET = 'test-pseudonym-secret-of-32-bytes-or-more';
const store = await createPgStore({
  url: process.env.VC_DATABASE_URL!,
  dataKey: deriveDataKey(SECRET),
  poolSize: 8,
});
const apizee = process.env.VC_APIZEE_URL;
const app = await createConsultServer(
  {
    publicUrl: 'https://consult.hospital.test',
    audience: AUDIENCE,
    allowedOrigins: [PORTAL],
    issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET }],
    pseudonymSecret: SECRET,
    rateLimit: { perIp: 1_000_000, perSubject: 1_000_000 },
    holds: { maxPerIp: 10_000 },
    live: { maxStreamsPerIp: 1000, maxStreamsPerSubject: 100 },
    ...(apizee && {
      provider: 'apizee',
      providers: {
        apizee: {
          mode: 'conference',
          baseUrl: `${apizee}/api`,
          accessToken: process.env.VC_APIZEE_TOKEN,
          moderation: false,
          getRetries: 0,
        },
      },
    }),
  },
  {
    store,
    booking: bookingDoubles(),
    logger: createLogger('silent'),
    // A lease far beyond the handler's work: on two starved cores a live worker's 2 s lease ran out before it
    // recorded its outcome, and another instance delivered the webhook again (at-least-once, but not what
    // this test checks). A killed instance's jobs are still taken over within the test's 30 s wait.
    jobs: { timeoutMs: 2000, leaseMs: 8000 },
    ...(process.env.VC_POLL_MS && {
      liveTimings: {
        pollIntervalMs: Number(process.env.VC_POLL_MS),
        pollLeaseMs: Number(process.env.VC_LEASE_MS),
      },
    }),
  },
);
// Webhook deliveries take a while here (as a portal's endpoint does), so that a kill catches some mid-run;
// each run is counted in the shared database.
app.jobs.register('webhook', async (job) => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await store.pool.query('INSERT INTO test_webhook_runs (job_id, port) VALUES ($1, $2)', [
    job.id,
    process.env.PORT,
  ]);
});
const running = await serveNode(app, { port: Number(process.env.PORT), graceMs: 1000 });
exitOnSignals(running, () => app.close());
console.log(`listening ${running.url}`);
