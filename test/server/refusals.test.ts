import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.js';
import { createRefusalCounter, OTHER_SOURCES } from '../../src/server/refusals.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { AuditEvent } from '../../src/server/store/types.js';
import { testServer } from '../support/server.js';
import { HS_ISSUER, signTicket } from '../support/tickets.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const everything = { from: new Date(0), to: new Date(Date.now() + 3600_000), limit: 1000 };

describe('refused tickets', () => {
  it('write nothing per request: a flood of forged tickets is one counted row', async () => {
    server = await testServer({ rateLimit: { perIp: 10_000 } });
    // Signed with a guessed secret: the signature does not verify.
    const forged = await signTicket(randomBytes(32), {
      alg: 'HS256',
      iss: HS_ISSUER,
      role: 'patient',
      appointment: 'apt-1',
    });
    for (let i = 0; i < 200; i++) {
      const res = await server.join(forged, { appointment: 'apt-1' });
      expect(res.status).toBe(401);
    }
    // Nothing was written while the requests were refused.
    expect(await server.store.queryAudit(everything)).toEqual([]);
    // Reading the audit writes the counts first: one row for the whole flood.
    const staff = await signTicket(server.keys.privateKey, { role: 'staff', sub: 'auditor' });
    const res = await server.app.request('/v1/audit', { headers: { authorization: `Bearer ${staff}` } });
    const { events } = (await res.json()) as { events: AuditEvent[] };
    const refused = events.filter((e) => e.type === 'ticket.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ reason: 'ticket-invalid', count: 200 });
    expect(refused[0]!.source).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('store at most the capped number of sources a minute; the rest share one row', async () => {
    const store = createSqliteStore(':memory:', { dataKey: randomBytes(32) });
    const counter = createRefusalCounter({
      store,
      logger: createLogger('silent'),
      now: () => new Date('2026-11-30T08:00:00Z'),
      maxSourcesPerMinute: 3,
    });
    for (let source = 0; source < 50; source++) {
      for (let i = 0; i < 20; i++) counter.note('ticket.refused', 'ticket-invalid', `src-${source}`);
    }
    await counter.close();
    const rows = await store.queryAudit(everything);
    expect(rows.map((r) => [r.source, r.count])).toEqual([
      ['src-0', 20],
      ['src-1', 20],
      ['src-2', 20],
      [OTHER_SOURCES, 47 * 20],
    ]);
    await store.close();
  });
});
