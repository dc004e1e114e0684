// One server under test, in its own process (the load generator runs in the parent):
//   node bench/target.mjs consult full|normal|full-thread <port>   our server, SQLite file, sandbox provider
//   node bench/target.mjs baseline - <port>            bare Hono + jose verifying the same HS256 ticket
// Prints `{"url":…}` when listening; on stdin's end it stops and prints `{"auditRows":…,"bytes":…}`.
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH, benchConfig, ticket } from './tickets.mjs';

const [kind, synchronous, port = '0'] = process.argv.slice(2);
const print = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const onStop = (fn) => {
  process.stdin.resume();
  process.stdin.on('end', fn);
};

if (kind === 'baseline') {
  // What any Hono app verifying the ticket does, with the key imported once (no replay store, no database).
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(BENCH.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const app = new Hono().post('/v1/join', async (c) => {
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer /, '');
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: BENCH.issuer,
        audience: BENCH.audience,
        typ: 'consult-ticket+jwt',
        maxTokenAge: 120,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      });
      const body = await c.req.json();
      return c.json({ ok: true, sub: payload.sub, appointment: body.appointment });
    } catch {
      return c.json({ code: 'ticket-invalid' }, 401);
    }
  });
  const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, (info) =>
    print({ url: `http://127.0.0.1:${info.port}` }),
  );
  onStop(() => server.close(() => print({})));
} else {
  const { createConsultServer } = await import('../packages/server/dist/server/app.js');
  const { createLogger } = await import('../packages/server/dist/server/logger.js');
  const { serveNode } = await import('../packages/server/dist/server/node.js');
  const dir = mkdtempSync(join(tmpdir(), 'vc-bench-'));
  const path = join(dir, 'bench.sqlite');
  // `full-thread`: FULL with the commits on a writer thread (opt-in), to compare with the default (the
  // main connection, whose event loop waits for each fsync) in the same run.
  const writerThread = synchronous === 'full-thread';
  const { createSqliteStore } = await import('../packages/server/dist/server/store/sqlite.js');
  const store = writerThread
    ? createSqliteStore(path, { dataKey: randomBytes(32), synchronous: 'full', writerThread: true })
    : undefined;
  const app = await createConsultServer(
    benchConfig({
      database: { path, synchronous: writerThread ? 'full' : synchronous },
      defaultVisitMinutes: 480,
    }),
    { logger: createLogger('silent'), ...(store ? { store } : {}) },
  );
  // The clinic opens today's visit (patients never create rooms).
  const opened = await app.request('/v1/rooms', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ticket({ sub: 'clinic', role: 'staff' })}`,
    },
    body: JSON.stringify({ appointment: BENCH.appointment, durationMinutes: 480 }),
  });
  if (opened.status !== 201) throw new Error(`opening the bench visit: ${opened.status}`);
  const server = await serveNode(app, { port: Number(port) });
  print({ url: server.url });
  onStop(async () => {
    await server.close();
    await app.close();
    const db = new Database(path, { readonly: true });
    const auditRows = db.prepare('SELECT count(*) AS n FROM audit_events').get().n;
    const refused = db
      .prepare(
        "SELECT count(*) AS rows, sum(count) AS requests FROM audit_events WHERE type = 'ticket.refused'",
      )
      .get();
    db.close();
    print({
      auditRows,
      refusedRows: refused.rows,
      refusedRequests: refused.requests ?? 0,
      bytes: statSync(path).size,
    });
    rmSync(dir, { recursive: true, force: true });
  });
}
