import { randomUUID } from 'node:crypto';
import type { JobPayload, NewJob, WebhookEventType } from './types.js';

/** The instants an event may carry. */
type TimeKey = `${string}At` | 'start' | 'end' | 'previousStart' | 'previousEnd';

/**
 * What a webhook event may say: ids (`appointmentId`, `roomId`, …), instants (`start`, `endedAt`, …) and
 * a stable `code` (why a vendor failed). Nothing else fits the type, and `webhookJob` checks the same at
 * run time: no name, email, phone number, date of birth, note or URL can reach a portal by webhook, nor
 * the job table (whose payloads operators read in clear). A portal that needs more asks the API with
 * the id, where access is checked and audited ("thin" payloads, as the Standard Webhooks spec advises).
 */
export type WebhookData = { [key: `${string}Id`]: string } & { [key in TimeKey]?: Date } & { code?: string };

/** Ids are opaque tokens: no spaces, no `@`, nothing that reads like a name or an address. */
const ID_VALUE = /^[A-Za-z0-9_:-]{1,128}$/;
/** Whether `value` may travel as an id in a webhook (an id chosen elsewhere may not). */
export const isWebhookId = (value: string): boolean => ID_VALUE.test(value);
const ID_KEY = /^[a-z][A-Za-z0-9]*Id$/;
const TIME_KEY = /^(?:[a-z][A-Za-z0-9]*At|start|end|previousStart|previousEnd)$/;
const CODE_VALUE = /^[a-z][a-z0-9-]{0,63}$/;

/** Checks what the type promises, for callers that build data dynamically; throws a TypeError. */
function toPayloadData(data: WebhookData): JobPayload {
  const out: JobPayload = {};
  for (const [key, value] of Object.entries(data) as [string, unknown][]) {
    if (value === undefined) continue;
    if (ID_KEY.test(key) && typeof value === 'string' && ID_VALUE.test(value)) out[key] = value;
    else if (TIME_KEY.test(key) && value instanceof Date && !Number.isNaN(value.getTime()))
      out[key] = value.toISOString();
    else if (key === 'code' && typeof value === 'string' && CODE_VALUE.test(value)) out[key] = value;
    // The key only: the value may be exactly what must not be logged.
    else throw new TypeError(`webhook data: "${key}" is not an id, an instant or a code`);
  }
  return out;
}

/**
 * A webhook delivery job for `type`, to insert with `insertJob` in the transaction that makes the change
 * (or `store.jobs.enqueue`). Its id is the Standard Webhooks `webhook-id`, the same on every retry so
 * that the portal can drop duplicates. `dedupeKey` makes the event itself at most once (e.g.
 * `visit.started:<roomId>`). The payload holds `type`, `timestamp` (when it happened) and the data.
 */
export function webhookJob(
  type: WebhookEventType,
  data: WebhookData,
  now: Date,
  options: { dedupeKey?: string } = {},
): NewJob {
  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    kind: 'webhook',
    ...(options.dedupeKey === undefined ? {} : { dedupeKey: options.dedupeKey }),
    payload: { ...toPayloadData(data), type, timestamp: now.toISOString() },
    runAt: now,
  };
}

/** The request body of a delivery: `{ type, timestamp, data }` from a webhook job's payload. */
export function webhookBody(payload: JobPayload): string {
  const { type, timestamp, ...data } = payload;
  return JSON.stringify({ type, timestamp, data });
}
