import type { Logger } from './logger.js';
import type { AuditEvent, AuditType, ConsultStore } from './store/types.js';

export type AuditFields = Omit<AuditEvent, 'at' | 'type'>;
export type Audit = (type: AuditType, fields: AuditFields) => Promise<void>;

/** Writes an audit row and mirrors it to the log. Callers pass pseudonymous ids and codes only. */
export const createAudit =
  (store: ConsultStore, logger: Logger, now: () => Date): Audit =>
  async (type, fields) => {
    await store.appendAudit({ at: now(), type, ...fields });
    logger.info({ audit: type, ...fields }, 'audit');
  };
