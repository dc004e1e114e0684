// Slots of one service for 90 days x 20 clinicians, computed server-side (issue 10: target <= 20 ms).
// The engine reads the 20 schedules from the SQLite store (in memory) and subtracts an occupancy in which
// every third start of each clinician is booked. Weekdays 08:00-12:00 and 13:00-17:00 in Europe/Berlin,
// 20-minute visits, so 24 starts a day per clinician. Baselines, same run: the same engine with nothing
// occupied, and a plain loop that builds the same slot objects from precomputed instants (no zone math,
// no schedule, no occupancy). RUNS (default 30) runs after 5 warm-ups; ms, min / median / max.
import { randomBytes } from 'node:crypto';
import { createSlotEngine } from '../packages/server/dist/server/booking/slots.js';
import { createSqliteStore } from '../packages/server/dist/server/store/sqlite.js';

const RUNS = Number(process.env.RUNS ?? 30);
const CLINICIANS = 20;
const DAYS = 90;
const ids = Array.from({ length: CLINICIANS }, (_, i) => `dr-${i}`);
const service = {
  id: 'video',
  title: 'Video visit',
  durationMinutes: 20,
  bufferMinutes: 0,
  slotStepMinutes: 20,
  capacity: 1,
  minLeadMinutes: 60,
  horizonDays: DAYS,
  changeCutoffMinutes: 240,
  clinicians: ids,
  provider: 'sandbox',
  access: 'public',
  patients: 'any',
  asksDateOfBirth: false,
};
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
const now = new Date('2026-03-02T05:00:00Z'); // a Monday; the range crosses the spring-forward day
await store.schedules.seed(
  ids.map((clinicianId) => ({
    clinicianId,
    zone: 'Europe/Berlin',
    weekly: [
      { days: weekdays, from: '08:00', to: '12:00' },
      { days: weekdays, from: '13:00', to: '17:00' },
    ],
    exceptions: [{ date: '2026-04-06', kind: 'closed' }],
  })),
  now,
);
const schedules = async (wanted) =>
  (await store.schedules.list()).filter((s) => wanted.includes(s.clinicianId));
const query = { from: now, to: new Date(now.getTime() + DAYS * 86_400_000), now };

const empty = createSlotEngine({ schedules, occupancy: { occupied: async () => [] } });
const all = await empty.slots(service, query);
const booked = [];
all.forEach((slot, i) => {
  for (const c of slot.clinicians) {
    if ((i + c.id.length) % 3 === 0)
      booked.push({ clinicianId: c.id, start: slot.start, end: slot.end, units: 1 });
  }
});
const occupied = createSlotEngine({
  schedules,
  occupancy: {
    occupied: async (who, from, to) =>
      booked.filter((b) => who.includes(b.clinicianId) && b.end > from && b.start < to),
  },
});
const instants = all.map((s) => s.start.getTime());

const plainLoop = async () => {
  const out = [];
  for (const t of instants) {
    const slot = { start: new Date(t), end: new Date(t + 20 * 60_000), clinicians: [] };
    for (const id of ids) slot.clinicians.push({ id, free: 1 });
    out.push(slot);
  }
  return out;
};

const cases = {
  'engine, every third start booked': () => occupied.slots(service, query),
  'baseline: engine, nothing booked': () => empty.slots(service, query),
  'baseline: plain loop over the same instants': plainLoop,
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
let counts = {};
for (let run = -5; run < RUNS; run++) {
  // Interleaved, so that the machine's load hits every case alike.
  for (const [name, fn] of Object.entries(cases)) {
    const t0 = performance.now();
    const slots = await fn();
    const ms = performance.now() - t0;
    if (run >= 0) times[name].push(ms);
    counts[name] = slots.length;
  }
}
await store.close();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) };
};
const fmt = (x) => x.toFixed(2);
console.log(`Slots for ${DAYS} days x ${CLINICIANS} clinicians (${RUNS} runs after 5 warm-ups; ms)`);
const base = stats(times['baseline: plain loop over the same instants']);
for (const [name, xs] of Object.entries(times)) {
  const { min, median, max } = stats(xs);
  console.log(
    `  ${name.padEnd(46)} ${fmt(min)} / ${fmt(median)} / ${fmt(max)}  (${counts[name]} slots; x plain loop: min ${(min / base.min).toFixed(1)}, median ${(median / base.median).toFixed(1)})`,
  );
}
const { median } = stats(times['engine, every third start booked']);
console.log(`  target <= 20 ms (median): ${median <= 20 ? 'met' : 'NOT met'}`);
