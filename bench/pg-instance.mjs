// One consult-server process for bench/pg.mjs: SQLite at $VC_BENCH_SQLITE or PostgreSQL at
// $VC_DATABASE_URL, on $PORT, booking on doubles (every 25-minute step is offered), the bench issuer.
import { createConsultServer } from '../packages/server/dist/server/app.js';
import { createLogger } from '../packages/server/dist/server/logger.js';
import { serveNode, exitOnSignals } from '../packages/server/dist/server/node.js';
import { benchBooking as booking } from './booking-doubles.mjs';
import { BENCH, benchConfig, ticket } from './tickets.mjs';

const database = process.env.VC_DATABASE_URL
  ? { url: process.env.VC_DATABASE_URL, poolSize: Number(process.env.POOL ?? 10) }
  : { path: process.env.VC_BENCH_SQLITE };
const app = await createConsultServer(
  benchConfig({ database, holds: { maxPerIp: 10_000 }, requestTimeoutMs: 60_000 }),
  { logger: createLogger('silent'), booking },
);
// The bench visit's room (one instance opens it; the others find it in the shared database).
if (process.env.OPEN_ROOM) {
  const res = await app.request('/v1/rooms', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ticket({ sub: 'staff', role: 'staff' })}`,
    },
    body: JSON.stringify({ appointment: BENCH.appointment }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`open: ${res.status} ${await res.text()}`);
}
const running = await serveNode(app, { port: Number(process.env.PORT), graceMs: 1000 });
exitOnSignals(running, () => app.close());
console.log(`listening ${running.url}`);
