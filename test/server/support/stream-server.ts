// A consult server (sandbox provider, long grace period) for the shutdown test with an open event stream.
import { randomBytes } from 'node:crypto';
import { createConsultServer } from '../../../src/server/app.js';
import { createLogger } from '../../../src/server/logger.js';
import { exitOnSignals, serveNode } from '../../../src/server/node.js';
import { createSqliteStore } from '../../../src/server/store/sqlite.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET } from '../../support/tickets.js';

const app = await createConsultServer(
  {
    publicUrl: 'http://localhost:1',
    audience: AUDIENCE,
    allowedOrigins: [],
    issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET }],
    pseudonymSecret: 'x'.repeat(32),
    shutdownGraceMs: Number(process.env.GRACE_MS ?? 5000),
  },
  {
    store: createSqliteStore(':memory:', { dataKey: randomBytes(32) }),
    logger: createLogger('silent'),
  },
);
const running = await serveNode(app, { port: 0, graceMs: app.config.shutdownGraceMs });
exitOnSignals(running, () => app.close());
console.log(`listening ${running.url}`);
