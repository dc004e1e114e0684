// Bytes the database keeps per join a week later, after the retention job: a clinic's day of visits
// (VISITS, default 1000: the clinic opens each room, the patient and the clinician join), then the fake
// clock moves on seven days and the job purges. In-process (app.request), SQLite file, synchronous=FULL.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConsultServer } from '../packages/server/dist/server/app.js';
import { createLogger } from '../packages/server/dist/server/logger.js';
import { retentionCutoffs } from '../packages/server/dist/server/retention.js';
import { createSqliteStore } from '../packages/server/dist/server/store/sqlite.js';
import { benchConfig, ticket } from './tickets.mjs';

const VISITS = Number(process.env.VISITS ?? 1000);
const DAY = 24 * 3600_000;
const dir = mkdtempSync(join(tmpdir(), 'vc-bench-retention-'));
const path = join(dir, 'bench.sqlite');
const store = createSqliteStore(path, { dataKey: randomBytes(32) });
let t = Math.floor(Date.now() / 1000) * 1000;
const app = await createConsultServer(benchConfig(), {
  logger: createLogger('silent'),
  store,
  now: () => new Date(t),
});
const empty = statSync(path).size;
const post = (path, who, bodyJson) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ticket(who, { now: t })}` },
    body: JSON.stringify(bodyJson),
  });
for (let i = 0; i < VISITS; i++) {
  const appointment = `apt-${i}`;
  const opened = await post('/v1/rooms', { sub: 'clinic', role: 'staff' }, { appointment });
  const patient = await post('/v1/join', { sub: `p-${i}`, role: 'patient', appointment }, { appointment });
  const clinician = await post('/v1/join', { sub: `dr-${i % 20}`, role: 'clinician' }, { appointment });
  if (opened.status !== 201 || patient.status !== 200 || clinician.status !== 200) {
    throw new Error(`visit ${i}: ${opened.status} ${patient.status} ${clinician.status}`);
  }
  t += 1000;
}
await store.purge(retentionCutoffs(app.config, new Date(t))); // checkpoint: the day's file, nothing old yet
const day = statSync(path).size;
t += 7 * DAY;
const counts = await store.purge(retentionCutoffs(app.config, new Date(t)));
const week = statSync(path).size;
await app.close();
rmSync(dir, { recursive: true, force: true });

const joins = 2 * VISITS;
console.log(`Bytes kept per join (${VISITS} visits: room opened, patient and clinician joined)`);
console.log(`  file: empty ${empty} B, after the day ${day} B, a week later after the purge ${week} B`);
console.log(
  `  purged: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(
  `  per join a week later: ${((week - empty) / joins).toFixed(0)} B (target <= 300); the day itself: ${((day - empty) / joins).toFixed(0)} B`,
);
