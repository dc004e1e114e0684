import { Hono } from 'hono';
import * as v from 'valibot';
import { AuditQuerySchema } from '../../protocol/rooms.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { ProblemError } from '../problem-error.js';
import { fieldErrors } from '../internal/read-json.js';
import type { ConsultStore } from '../store/types.js';

const DAY_MS = 24 * 3600_000;

/** `GET /v1/audit?from=&to=&limit=`: the audit trail for a time range, for `staff` tickets only. */
export function auditRoutes(deps: {
  authenticate: Authenticate;
  store: ConsultStore;
  now: () => Date;
  /** Writes what is still counted in memory (refusals), so that the answer is complete. */
  beforeRead?: () => Promise<void>;
}) {
  return new Hono<AppEnv>().get('/v1/audit', async (c) => {
    const caller = await deps.authenticate(c);
    if (caller.role !== 'staff') throw new ProblemError('forbidden-role', 'The audit log is for staff only.');
    const query = v.safeParse(AuditQuerySchema, c.req.query());
    if (!query.success) {
      throw new ProblemError('bad-request', 'from/to must be ISO 8601 instants, limit 1 to 1000.', {
        errors: fieldErrors(query.issues),
      });
    }
    // `to` is exclusive; without one, "up to now" includes events of this very millisecond.
    const to = query.output.to ? new Date(query.output.to) : new Date(deps.now().getTime() + 1);
    const from = query.output.from ? new Date(query.output.from) : new Date(to.getTime() - DAY_MS);
    if (from > to) throw new ProblemError('bad-request', 'from must not be after to.');
    await deps.beforeRead?.();
    const events = await deps.store.queryAudit({ from, to, limit: query.output.limit ?? 1000 });
    c.header('Cache-Control', 'no-store');
    return c.json({ events: events.map((e) => ({ ...e, at: e.at.toISOString() })) });
  });
}
