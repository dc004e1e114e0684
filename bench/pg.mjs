// More than one server: POST /v1/join and bookings/s with SQLite (one process, the baseline) beside
// PostgreSQL with one and with three processes, all in one run, over HTTP on 127.0.0.1. Each scenario
// starts fresh processes on a fresh database; RUNS (default 3) alternate the scenarios so a noisy
// neighbour hits all alike. PostgreSQL from $PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// Ports 9850-9859 (override with BENCH_PORT).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH, patientTicket } from './tickets.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const JOINS = Number(process.env.JOINS ?? 600);
const BOOKINGS = Number(process.env.BOOKINGS ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 24);
const PORT = Number(process.env.BENCH_PORT ?? 9850);
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MINUTE = 60_000;

async function freshPg() {
  const name = `vc_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function start(env) {
  const child = spawn(process.execPath, ['bench/pg-instance.mjs'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      const m = /listening (\S+)/.exec(String(c));
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
}

/** Runs `n` tasks, `CONCURRENCY` at a time, spread round-robin over the instances; tasks/s. */
async function rate(n, task) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const post = (url, path, body, headers = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function scenario(engine, processes) {
  const dir = mkdtempSync(join(tmpdir(), 'vc-bench-pg-'));
  const db = engine === 'pg' ? await freshPg() : undefined;
  const env = db ? { VC_DATABASE_URL: db.url } : { VC_BENCH_SQLITE: join(dir, 'bench.sqlite') };
  const first = await start({ ...env, PORT: String(PORT), OPEN_ROOM: '1' });
  const rest = await Promise.all(
    Array.from({ length: processes - 1 }, (_, i) => start({ ...env, PORT: String(PORT + 1 + i) })),
  );
  const instances = [first, ...rest];
  try {
    const at = (i) => instances[i % instances.length].url;
    const joins = await rate(JOINS, async (i) => {
      const res = await post(
        at(i),
        '/v1/join',
        { appointment: BENCH.appointment },
        {
          authorization: `Bearer ${patientTicket()}`,
        },
      );
      if (res.status !== 200) throw new Error(`join: ${res.status} ${await res.text()}`);
    });
    const base = Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 1e6) * 25 * MINUTE;
    const bookings = await rate(BOOKINGS, async (i) => {
      const start = new Date(base + i * 25 * MINUTE).toISOString();
      const held = await post(at(i), '/v1/holds', { service: 'bench', start });
      const h = await held.json();
      if (held.status !== 201) throw new Error(`hold: ${held.status} ${JSON.stringify(h)}`);
      const res = await post(
        at(i + 1),
        '/v1/appointments',
        { holdId: h.holdId, holdSecret: h.holdSecret, patient: { name: 'Bench', email: 'b@example.org' } },
        { 'idempotency-key': randomUUID(), 'booking-session': h.session },
      );
      if (res.status !== 201) throw new Error(`book: ${res.status} ${await res.text()}`);
    });
    return { joins, bookings };
  } finally {
    for (const i of instances) i.child.kill('SIGTERM');
    await Promise.all(
      instances.map((i) => new Promise((r) => (i.child.exitCode !== null ? r() : i.child.once('exit', r)))),
    );
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCENARIOS = [
  ['sqlite, 1 process', 'sqlite', 1],
  ['postgres, 1 process', 'pg', 1],
  ['postgres, 3 processes', 'pg', 3],
];
const results = new Map(SCENARIOS.map(([name]) => [name, { joins: [], bookings: [] }]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, engine, processes] of SCENARIOS) {
    const r = await scenario(engine, processes);
    results.get(name).joins.push(r.joins);
    results.get(name).bookings.push(r.bookings);
  }
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) };
};
const f = (x) => x.toFixed(0).padStart(6);
console.log(
  `${RUNS} runs; ${JOINS} joins and ${BOOKINGS} bookings (hold + book, distinct slots) per run, ${CONCURRENCY} at a time, round-robin over the processes`,
);
const baseline = results.get(SCENARIOS[0][0]);
for (const metric of ['joins', 'bookings']) {
  const b = stats(baseline[metric]).median;
  console.log(`\n${metric}/s                min / median /    max   × sqlite`);
  for (const [name] of SCENARIOS) {
    const s = stats(results.get(name)[metric]);
    console.log(
      `  ${name.padEnd(22)} ${f(s.min)} / ${f(s.median)} / ${f(s.max)}   ${(s.median / b).toFixed(2)}`,
    );
  }
}
