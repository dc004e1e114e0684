// Booking under contention, in-process (app.request), SQLite file, synchronous=FULL (the default):
// - 200-way contended booking of one single-capacity slot (each of 200 patients holds, then books): the
//   total time until all 200 have their answer, and the p99 of one patient's hold+book;
// - bookings/s for distinct slots (hold + book each, CONCURRENCY at a time), against the baseline
//   `POST /v1/rooms` (the clinic opening a room: one durable write too) measured in the same run.
// RUNS (default 5) alternate the scenarios so a noisy neighbour hits all alike. Slot engine and calendar
// are doubles here: this measures holds, the capacity constraint and exactly-once booking.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsultServer } from '../packages/server/dist/server/app.js';
import { createLogger } from '../packages/server/dist/server/logger.js';
import { createSqliteStore } from '../packages/server/dist/server/store/sqlite.js';
import { benchBooking as booking } from './booking-doubles.mjs';
import { benchConfig, ticket } from './tickets.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const CONTENDERS = Number(process.env.CONTENDERS ?? 200);
const DISTINCT = Number(process.env.DISTINCT ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const MINUTE = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'vc-bench-booking-'));
const store = createSqliteStore(join(dir, 'bench.sqlite'), { dataKey: randomBytes(32) });
const app = await createConsultServer(benchConfig({ holds: { maxPerIp: 10_000 } }), {
  logger: createLogger('silent'),
  store,
  booking,
});
const post = (path, body, headers = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

let nextSlot = Math.ceil((Date.now() + 24 * 3600_000) / (30 * MINUTE)) * 30 * MINUTE;
const slot = () => {
  const start = new Date(nextSlot).toISOString();
  nextSlot += 30 * MINUTE;
  return start;
};
const patient = { name: 'Bench Patient', email: 'bench@example.org' };

/** One patient: hold, then book. Resolves with whether it booked and how long it took. */
async function holdAndBook(start) {
  const t0 = performance.now();
  const held = await post('/v1/holds', { service: 'bench', start });
  let ok = false;
  if (held.status === 201) {
    const h = await held.json();
    const booked = await post(
      '/v1/appointments',
      { holdId: h.holdId, holdSecret: h.holdSecret, patient },
      { 'idempotency-key': randomUUID(), 'booking-session': h.session },
    );
    ok = booked.status === 201;
    if (!ok && booked.status !== 409) throw new Error(`book: ${booked.status}`);
  } else if (held.status !== 409) throw new Error(`hold: ${held.status}`);
  else await held.arrayBuffer();
  return { ok, ms: performance.now() - t0 };
}

async function contended() {
  const start = slot();
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: CONTENDERS }, () => holdAndBook(start)));
  const total = performance.now() - t0;
  const won = results.filter((r) => r.ok).length;
  if (won !== 1) throw new Error(`contended: ${won} bookings of one slot`);
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return { total, p99: sorted[Math.ceil(0.99 * sorted.length) - 1] };
}

/** `count` operations, `CONCURRENCY` at a time: operations per second. */
async function throughput(count, op) {
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (i < count) await op(i++);
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

const distinct = () =>
  throughput(DISTINCT, async () => {
    if (!(await holdAndBook(slot())).ok) throw new Error('distinct slot not booked');
  });
const rooms = () =>
  throughput(DISTINCT, async () => {
    const res = await post(
      '/v1/rooms',
      { appointment: `bench-${randomUUID()}` },
      { authorization: `Bearer ${ticket({ sub: 'clinic', role: 'staff' })}` },
    );
    if (res.status !== 201) throw new Error(`rooms: ${res.status}`);
  });

const figures = { total: [], p99: [], bookings: [], rooms: [] };
for (let run = 0; run < RUNS; run++) {
  const c = await contended();
  figures.total.push(c.total);
  figures.p99.push(c.p99);
  figures.rooms.push(await rooms());
  figures.bookings.push(await distinct());
}
await app.close();
rmSync(dir, { recursive: true, force: true });

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) };
};
const show = (label, xs, unit, digits = 0) => {
  const { min, median, max } = stats(xs);
  console.log(
    `  ${label}: min ${min.toFixed(digits)} / median ${median.toFixed(digits)} / max ${max.toFixed(digits)} ${unit}`,
  );
};
console.log(`Booking (${RUNS} runs, in-process, SQLite synchronous=FULL)`);
show(`${CONTENDERS}-way contended booking of one slot, total`, figures.total, 'ms');
show(`${CONTENDERS}-way contended booking, p99 of one patient's hold+book`, figures.p99, 'ms');
show(`bookings/s, distinct slots (hold+book, ${CONCURRENCY} at a time)`, figures.bookings, '/s');
show(`baseline POST /v1/rooms/s (${CONCURRENCY} at a time)`, figures.rooms, '/s');
console.log(
  `  ratio bookings/s to rooms/s (medians): ${(stats(figures.bookings).median / stats(figures.rooms).median).toFixed(2)} (a booking is two requests and two commits)`,
);
