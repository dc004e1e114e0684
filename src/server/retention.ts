import type { ConsultServerConfig } from './config.js';
import type { Logger } from './logger.js';
import type { ConsultStore, PurgeCounts, PurgeCutoffs } from './store/types.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the store may delete at `now`, from the configured periods. */
export function retentionCutoffs(
  config: Pick<ConsultServerConfig, 'retention' | 'audit' | 'appointments'>,
  now: Date,
): PurgeCutoffs {
  const t = now.getTime();
  return {
    now,
    roomsEndedBefore: new Date(t - config.retention.roomDays * DAY_MS),
    grantsBefore: new Date(t - config.retention.grantHours * HOUR_MS),
    auditBefore: new Date(t - config.audit.retentionDays * DAY_MS),
    jobsFinishedBefore: new Date(t - config.retention.jobDays * DAY_MS),
    patientDataBefore: new Date(t - config.appointments.patientDataDays * DAY_MS),
  };
}

export interface RetentionJob {
  /** One purge now (also what the timer runs). */
  run(): Promise<PurgeCounts>;
  stop(): void;
}

/**
 * Deletes rooms, join links, replay entries, idempotency records, finished jobs and old audit rows once they can no
 * longer matter, at start and then every `retention.intervalMinutes` (the timer does not keep the
 * process alive). A failed purge is logged and tried again next time.
 */
export function startRetention(deps: {
  store: ConsultStore;
  config: Pick<ConsultServerConfig, 'retention' | 'audit' | 'appointments'>;
  logger: Logger;
  now: () => Date;
}): RetentionJob {
  const run = async () => {
    const counts = await deps.store.purge(retentionCutoffs(deps.config, deps.now()));
    deps.logger.info({ purged: counts }, 'retention purge');
    return counts;
  };
  const runLogged = () =>
    run().catch((error: unknown) => deps.logger.error({ err: error }, 'retention purge failed'));
  void runLogged();
  const timer = setInterval(() => void runLogged(), deps.config.retention.intervalMinutes * 60_000);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
