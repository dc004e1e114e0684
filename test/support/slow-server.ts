// A consult server whose provider takes SLOW_MS to mint a link: the process the shutdown test signals.
import { randomBytes } from 'node:crypto';
import { createConsultServer } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { exitOnSignals, serveNode } from '../../src/server/node.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { VideoProvider } from '../../src/server/providers/types.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET } from './tickets.js';

const slowMs = Number(process.env.SLOW_MS ?? 1500);
const slow: VideoProvider = {
  name: 'slow',
  capabilities: {
    cancel: true,
    clinicianLink: true,
    waitingArea: false,
    postsMessages: false,
    roomNeedsParticipants: false,
    minLinkTtlSeconds: 0,
  },
  allowedOrigins: ['https://slow.test'],
  iframeAllow: [],
  createRoom: async () => ({ vendorRoomId: 'v1' }),
  joinLink: async () => {
    await new Promise((r) => setTimeout(r, slowMs));
    return { url: 'https://slow.test/room?t=1', expiresAt: new Date(Date.now() + 60_000) };
  },
  cancelRoom: async () => {},
  roomState: async () => ({ phase: 'open' }),
};

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
const running = await serveNode(app, { port: 0, graceMs: app.config.shutdownGraceMs });
exitOnSignals(running, () => app.close());
console.log(`listening ${running.url}`);
