// The demo server (`video-consult-server --demo`) for bench/frame.mjs, as the CLI sets it up, but with rate limits
// raised: the demo signs every ticket for the same subject, and a bench run joins far more often than the default
// 30 requests per subject and minute allow. Usage: node bench/frame-server.mjs PORT DATA_DIR
import { createConsultServer } from '../packages/server/dist/server/app.js';
import { demoSetup } from '../packages/server/dist/server/demo/demo-setup.js';
import { demoSiteRoutes } from '../packages/server/dist/server/demo/demo-site.js';
import { packageRoot } from '../packages/server/dist/server/internal/package-root.js';
import { exitOnSignals, serveNode } from '../packages/server/dist/server/node.js';

const [port, dataDir] = [Number(process.argv[2]), process.argv[3]];
const publicUrl = `http://localhost:${port}`;
const { config, options } = await demoSetup(dataDir, publicUrl);
const app = await createConsultServer(
  { ...config, rateLimit: { perIp: 1_000_000, perSubject: 1_000_000 } },
  options,
);
app.route('/', demoSiteRoutes(packageRoot()));
const running = await serveNode(app, { port, hostname: '127.0.0.1', graceMs: app.config.shutdownGraceMs });
console.log(`Demo ready: open ${publicUrl}/`);
exitOnSignals(running, () => app.close());
