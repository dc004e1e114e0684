// Benchmark: POST /v1/join against a bare Hono + jose baseline measured in the same run, on 127.0.0.1.
// Each server runs in its own process; this process is the load generator (autocannon) and signs a fresh
// HS256 ticket per request. Runs alternate (baseline, ours FULL, ours FULL committing on a writer thread,
// ours NORMAL, ours FULL beside a flood of forged tickets, …) so that a noisy neighbour hits all of them
// alike. Bounded: RUNS (default 3) × DURATION seconds (default 5) each, CONNECTIONS (default 10).
// BENCH_PORT (default 0: any free port) is the first of three ports used.
// CPU_PROF=<dir> runs every server with `node --cpu-prof` into that directory (one profile per server).
// On Linux each server's CPU time per request is printed too (from /proc), steadier than req/s on a busy
// machine: all its threads, and its main thread alone (which serves the requests while a writer thread,
// where there is one, commits).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { BENCH, patientTicket } from './tickets.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const FLOOD_RATE = Number(process.env.FLOOD_RATE ?? 1000);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 0);
const port = (offset) => (BASE_PORT ? String(BASE_PORT + offset) : '0');

/** Starts `bench/target.mjs` in a child process; resolves with its URL and a `stop()` giving its stats. */
async function startTarget(kind, synchronous, p) {
  const prof = process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, 'bench/target.mjs', kind, synchronous, p], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`${kind} did not start`);
  const { url } = JSON.parse(first.value);
  return {
    url,
    pid: child.pid,
    async stop() {
      child.stdin.end();
      const last = await lines.next();
      await once(child, 'exit');
      return last.done ? {} : JSON.parse(last.value);
    },
  };
}

const body = JSON.stringify({ appointment: BENCH.appointment });
const load = (url, { ticketFor = patientTicket, connections = CONNECTIONS, overallRate } = {}) =>
  autocannon({
    url: `${url}/v1/join`,
    connections,
    duration: DURATION,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ticketFor()}` },
          body,
        }),
      },
    ],
  });

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux; undefined elsewhere). Per request it
 * is steadier than req/s on a busy machine, which lends the servers less wall-clock time but not less CPU.
 */
function cpuMs(pid, thread) {
  try {
    const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at USER_HZ = 100
  } catch {
    return undefined;
  }
}

async function measure(kind, synchronous, p) {
  const target = await startTarget(kind, synchronous, p);
  // A short warm-up (JIT, SQLite page cache), not counted.
  await autocannon({
    url: `${target.url}/v1/join`,
    connections: 2,
    amount: 200,
    requests: [
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${patientTicket()}` },
          body,
        }),
      },
    ],
  });
  const cpu0 = cpuMs(target.pid);
  const main0 = cpuMs(target.pid, target.pid);
  const r = await load(target.url);
  const cpu = cpu0 === undefined ? undefined : (cpuMs(target.pid) - cpu0) / r.requests.total;
  const main = main0 === undefined ? undefined : (cpuMs(target.pid, target.pid) - main0) / r.requests.total;
  await target.stop();
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu, main, bad };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s.at(-1) };
};
const fmt = (xs, digits = 0) => {
  const { min, median, max } = stats(xs);
  return `${median.toFixed(digits)} (min ${min.toFixed(digits)}, max ${max.toFixed(digits)})`;
};

// Real joins beside a flood of forged tickets (FLOOD_RATE requests/s, signed with a wrong secret): one
// run after each FULL run, compared with it (same server, no flood).
const forged = () => patientTicket({ secret: 'forged-forged-forged-forged-forged-forged' });
async function measureFlooded(p) {
  const target = await startTarget('consult', 'full', p);
  const [real, flood] = await Promise.all([
    load(target.url),
    load(target.url, { ticketFor: forged, connections: 10, overallRate: FLOOD_RATE }),
  ]);
  const { refusedRows, refusedRequests } = await target.stop();
  return {
    rps: real.requests.average,
    p50: real.latency.p50,
    p99: real.latency.p99,
    bad: real.non2xx + real.errors + real.timeouts,
    sent: flood.requests.total,
    refused: flood.non2xx,
    refusedRows,
    refusedRequests,
  };
}

const series = { baseline: [], full: [], fullThread: [], normal: [] };
const flooded = [];
for (let run = 1; run <= RUNS; run++) {
  series.baseline.push(await measure('baseline', '-', port(0)));
  series.full.push(await measure('consult', 'full', port(1)));
  series.fullThread.push(await measure('consult', 'full-thread', port(1)));
  series.normal.push(await measure('consult', 'normal', port(2)));
  flooded.push(await measureFlooded(port(1)));
  process.stdout.write(`  run ${run}/${RUNS} done\n`);
}

console.log(
  `POST /v1/join, ${RUNS} runs × ${DURATION} s, ${CONNECTIONS} connections, fresh HS256 ticket per request`,
);
console.log('  median (min, max) over the runs; latency in ms');
for (const [name, label] of [
  ['baseline', 'bare Hono + jose (baseline)'],
  ['full', 'consult, synchronous=FULL (default: commits on the main thread)'],
  ['fullThread', 'consult, synchronous=FULL, commits on a writer thread (opt-in)'],
  ['normal', 'consult, synchronous=NORMAL'],
]) {
  const rs = series[name];
  console.log(`  ${label}`);
  console.log(`    req/s ${fmt(rs.map((r) => r.rps))}`);
  console.log(`    p50 ${fmt(rs.map((r) => r.p50))}  p99 ${fmt(rs.map((r) => r.p99))}`);
  if (rs.every((r) => r.cpu !== undefined))
    console.log(
      `    server CPU per request (ms) ${fmt(
        rs.map((r) => r.cpu),
        3,
      )}, of which its main thread ${fmt(
        rs.map((r) => r.main),
        3,
      )}`,
    );
  const bad = rs.reduce((n, r) => n + r.bad, 0);
  if (bad > 0) console.log(`    warning: ${bad} non-2xx/errors/timeouts`);
}
const ratios = (name) => series[name].map((r, i) => r.rps / series.baseline[i].rps);
console.log(
  `  ratio to the same run's baseline (req/s): FULL ${fmt(ratios('full'), 2)}, FULL on a writer thread ${fmt(ratios('fullThread'), 2)}, NORMAL ${fmt(ratios('normal'), 2)}`,
);
console.log('  target: FULL >= 0.50');
if (series.full.every((r) => r.cpu !== undefined)) {
  const cpuRatios = series.full.map((r, i) => series.baseline[i].cpu / r.cpu);
  const mainRatios = series.full.map((r, i) => series.baseline[i].main / r.main);
  console.log(
    `  baseline's CPU per request / ours (FULL): all threads ${fmt(cpuRatios, 2)}, main threads ${fmt(mainRatios, 2)}`,
  );
}

console.log(
  `\nPOST /v1/join beside ${FLOOD_RATE} forged-ticket requests/s (${RUNS} runs × ${DURATION} s, FULL)`,
);
console.log(
  `  real joins: req/s ${fmt(flooded.map((r) => r.rps))}, p50 ${fmt(flooded.map((r) => r.p50))} ms, p99 ${fmt(flooded.map((r) => r.p99))} ms (non-2xx ${flooded.reduce((n, r) => n + r.bad, 0)})`,
);
console.log(
  `  same server without the flood (FULL runs above): req/s ${fmt(series.full.map((r) => r.rps))}, p99 ${fmt(series.full.map((r) => r.p99))} ms`,
);
console.log(
  `  ratio of real joins' req/s with the flood to the FULL run without it: ${fmt(
    flooded.map((r, i) => r.rps / series.full[i].rps),
    2,
  )}`,
);
console.log(
  `  forged per run: sent ${fmt(flooded.map((r) => r.sent / DURATION))}/s, refused ${flooded.map((r) => r.refused).join(', ')}; written for them: ${flooded.map((r) => `${r.refusedRows} audit row(s) counting ${r.refusedRequests}`).join('; ')}`,
);
