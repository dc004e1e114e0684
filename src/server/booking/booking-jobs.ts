import type { NewJob, WebhookEventType } from '../jobs/types.js';
import type { AppointmentRecord } from '../store/booking-types.js';

/**
 * The jobs a booking change enqueues, in the transaction of the change. Payloads carry ids, times and
 * stable codes only: never the patient's details, a token or a join URL.
 */

/** A portal webhook about an appointment (`webhook` job; E's delivery signs and sends `payload`). */
export const appointmentWebhook = (
  type: Extract<WebhookEventType, `appointment.${string}`>,
  a: AppointmentRecord,
  now: Date,
  extra: Record<string, string> = {},
): NewJob => ({
  kind: 'webhook',
  dedupeKey: `webhook:${type}:${a.id}:${a.sequence}`,
  runAt: now,
  payload: {
    type,
    appointment: a.id,
    service: a.serviceId,
    clinician: a.clinicianId,
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    status: a.status,
    sequence: a.sequence,
    ...extra,
  },
});

/** Create the vendor side of an appointment (its room keyed by `roomKey`) at `sequence`. */
export const vendorCreate = (a: AppointmentRecord, now: Date): NewJob => ({
  kind: 'vendor.create',
  dedupeKey: `vendor.create:${a.id}`,
  runAt: now,
  payload: { appointment: a.id, sequence: a.sequence },
});

/** Move the vendor side after a reschedule: the old room goes, the new one is created. */
export const vendorMove = (a: AppointmentRecord, previous: AppointmentRecord, now: Date): NewJob => ({
  kind: 'vendor.move',
  dedupeKey: `vendor.move:${a.id}:${a.sequence}`,
  runAt: now,
  payload: {
    appointment: a.id,
    sequence: a.sequence,
    previousRoomKey: previous.roomKey,
    previousClinician: previous.clinicianId,
  },
});

export const vendorCancel = (a: AppointmentRecord, now: Date): NewJob => ({
  kind: 'vendor.cancel',
  dedupeKey: `vendor.cancel:${a.id}`,
  runAt: now,
  payload: { appointment: a.id, roomKey: a.roomKey },
});
