import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTicketVerifier } from '../../src/server/auth/ticket-verifier.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { ConsultStore } from '../../src/server/store/types.js';
import { testServer } from '../support/server.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';

let dir: string | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const fileStore = (synchronous?: 'full' | 'normal') => {
  dir = mkdtempSync(join(tmpdir(), 'vc-tx-'));
  const path = join(dir, 'consult.sqlite');
  return { path, store: createSqliteStore(path, { dataKey: randomBytes(32), synchronous }) };
};

/** Row counts read through a second connection: what is really committed to the file. */
const committed = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      grants: count('join_grants'),
      replay: count('ticket_replay'),
      audit: db.prepare('SELECT type FROM audit_events ORDER BY id').all() as { type: string }[],
    };
  } finally {
    db.close();
  }
};

describe('durability', () => {
  it('runs WAL with synchronous=FULL by default, as read back from SQLite', async () => {
    const { store } = fileStore();
    close = () => store.close();
    expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'full', autoVacuum: 'incremental' });
  });

  it('runs synchronous=NORMAL only when configured so', async () => {
    const { store } = fileStore('normal');
    close = () => store.close();
    expect(store.settings().synchronous).toBe('normal');
  });

  it('imports an HS256 secret once, not on every verification', async () => {
    const store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
    close = () => store.close();
    const verify = await createTicketVerifier(
      {
        issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET, patientScope: 'any' }],
        audience: AUDIENCE,
        ticket: { maxAgeSeconds: 120, clockToleranceSeconds: 30 },
      },
      store,
    );
    const secret = new TextEncoder().encode(HS_SECRET);
    const tickets = await Promise.all(
      [1, 2, 3].map(() => signTicket(secret, { alg: 'HS256', iss: HS_ISSUER, role: 'clinician' })),
    );
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    for (const t of tickets) await verify(`Bearer ${t}`);
    expect(importKey).not.toHaveBeenCalled();
  });
});

describe('a join is one unit of work', () => {
  it('commits its replay entry, link and audit rows together', async () => {
    const { path, store } = fileStore();
    const server = await testServer({}, { store });
    close = () => server.app.close();
    await server.openVisit('apt-1');
    const before = committed(path);
    const res = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-1' }), {
      appointment: 'apt-1',
    });
    expect(res.status).toBe(200);
    const after = committed(path);
    expect(after.grants - before.grants).toBe(1);
    expect(after.replay - before.replay).toBe(1);
    // One audit row: `join.minted` records the ticket's acceptance too (same request, same actor).
    expect(after.audit.slice(before.audit.length).map((r) => r.type)).toEqual(['join.minted']);
  });

  it('leaves no audit row, no link and no replay entry when it fails after the link insert', async () => {
    const { path, store } = fileStore();
    // The failure is injected right after the link (join grant) is written.
    const failing: ConsultStore = Object.create(store) as ConsultStore;
    failing.insertGrant = async (grant) => {
      await store.insertGrant(grant);
      throw new Error('injected failure after the link insert');
    };
    const server = await testServer({}, { store: failing });
    close = () => server.app.close();
    await server.openVisit('apt-1');
    const before = committed(path);
    const res = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-1' }), {
      appointment: 'apt-1',
    });
    expect(res.status).toBe(500);
    expect(committed(path)).toEqual(before);
  });

  it('lets only one of two concurrent joins with the same ticket through', async () => {
    const server = await testServer();
    close = () => server.app.close();
    await server.openVisit('apt-1');
    const ticket = await signTicket(server.keys.privateKey, { appointment: 'apt-1' });
    const answers = await Promise.all([1, 2].map(() => server.join(ticket, { appointment: 'apt-1' })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
    const refused = answers.find((r) => r.status === 401)!;
    expect((await refused.json()).code).toBe('ticket-replayed');
    // Units committed together stay apart: the winner's link and audit row are kept, the loser's are not.
    const rows = await server.store.queryAudit({
      from: new Date(0),
      to: new Date(Date.now() + 60_000),
      limit: 100,
    });
    expect(rows.filter((r) => r.type === 'join.minted')).toHaveLength(1);
  });
});
