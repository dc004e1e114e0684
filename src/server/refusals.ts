import type { Logger } from './logger.js';
import type { AuditType, ConsultStore } from './store/types.js';

/** The bucket that counts sources beyond the cap: a botnet's addresses, not stored one by one. */
export const OTHER_SOURCES = 'other';

const MINUTE_MS = 60_000;

export interface RefusalCounter {
  /** Counts one refused request; writes nothing now. `source` is already pseudonymous. */
  note(type: Extract<AuditType, 'ticket.refused' | 'rate.limited'>, reason: string, source: string): void;
  /** Writes the counts gathered so far (one row per type, reason and source), e.g. before the audit is read. */
  flush(): Promise<void>;
  /** Flushes and stops the minute timer. */
  close(): Promise<void>;
}

interface Bucket {
  at: number;
  type: Extract<AuditType, 'ticket.refused' | 'rate.limited'>;
  reason: string;
  source: string;
  count: number;
}

/**
 * Refused requests are counted in memory and written once a minute as one audit row per (type, reason,
 * pseudonymous source) with a `count`: a flood of forged tickets costs no write per request, and at most
 * `maxSourcesPerMinute` distinct sources are stored a minute; the rest share the `other` row. The row's
 * time is the first refusal it counts. A crash loses at most the last minute's counts (the request log still has those requests).
 */
export function createRefusalCounter(deps: {
  store: ConsultStore;
  logger: Logger;
  now: () => Date;
  maxSourcesPerMinute: number;
}): RefusalCounter {
  let buckets = new Map<string, Bucket>();
  let sources = new Set<string>();

  const flush = async () => {
    const rows = [...buckets.values()];
    buckets = new Map();
    sources = new Set();
    for (const b of rows) {
      const event = { type: b.type, reason: b.reason, source: b.source, count: b.count };
      await deps.store.appendAudit({ at: new Date(b.at), ...event });
      deps.logger.info({ audit: b.type, ...event }, 'audit');
    }
  };
  const flushLogged = () =>
    flush().catch((error: unknown) => deps.logger.error({ err: error }, 'refusal counts not written'));
  // Flushed by this timer (started outside any request, so its writes are never part of a request's unit
  // of work), by the audit route before it reads, and at close.
  const timer = setInterval(() => void flushLogged(), MINUTE_MS);
  timer.unref();

  return {
    note(type, reason, source) {
      if (!sources.has(source) && sources.size >= deps.maxSourcesPerMinute) source = OTHER_SOURCES;
      sources.add(source);
      const key = `${type}\n${reason}\n${source}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.count++;
      else buckets.set(key, { at: deps.now().getTime(), type, reason, source, count: 1 });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
