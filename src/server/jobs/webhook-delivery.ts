import { createHmac } from 'node:crypto';
import { webhookBody } from './webhook-event.js';
import { PermanentJobError, type JobHandler } from './types.js';

export interface WebhookTarget {
  /** The portal's endpoint (https; http only on loopback, checked by the configuration). */
  url: string;
  /** `whsec_` + base64 of the key (at least 24 bytes), as the Standard Webhooks spec serializes it. */
  secret: string;
  timeoutMs: number;
}

/** A failed delivery, with a stable code for the job table and the time the receiver asked us to wait. */
export class WebhookDeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(code);
    this.name = 'WebhookDeliveryError';
  }
}

/** The key bytes of a `whsec_…` secret. */
export const webhookKey = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/**
 * Delivers `webhook` jobs to the portal by Standard Webhooks: a POST of `{ type, timestamp, data }`
 * signed `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`. The `webhook-id` is
 * the job id (the same on every retry), `webhook-timestamp` the time of this attempt (receivers refuse
 * old ones, against replays). As the spec suggests: 2xx is done; a redirect is not followed (the portal
 * should configure its real URL) and counts as a failure; 410 Gone means the portal wants no more:
 * failed for good; everything else (other 4xx, 429, 5xx, timeouts, refused connections) is retried
 * with backoff, and not before a `Retry-After` the receiver sent.
 */
export function createWebhookDelivery(
  target: WebhookTarget,
  deps: { fetch?: typeof fetch; now?: () => Date } = {},
): JobHandler {
  const key = webhookKey(target.secret);
  const send = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  return async (job, signal) => {
    const body = webhookBody(job.payload);
    const at = now().getTime();
    const timestamp = String(Math.floor(at / 1000));
    const signature = createHmac('sha256', key).update(`${job.id}.${timestamp}.${body}`).digest('base64');
    const timeout = AbortSignal.timeout(target.timeoutMs);
    let response: Response;
    try {
      response = await send(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': job.id,
          'webhook-timestamp': timestamp,
          'webhook-signature': `v1,${signature}`,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new WebhookDeliveryError(timeout.aborted ? 'webhook-timeout' : 'webhook-unreachable');
    }
    // Nothing of the answer is kept or logged: only its status counts.
    await response.body?.cancel().catch(() => {});
    if (response.ok) return;
    const code = `webhook-status-${response.status}`;
    if (response.status === 410) throw new PermanentJobError(code);
    throw new WebhookDeliveryError(code, retryAfterMs(response.headers.get('retry-after'), at));
  };
}
