import type { BookingConfigInput } from '../booking/config.js';

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * The demo's clinic: two clinicians in Europe/Berlin open every day from 07:00 to 22:00, so that
 * `GET /v1/slots` has free starts in the next hours or days whatever the date and time of the demo.
 * A public service (no ticket) and a ticket-only one.
 */
export const demoClinic = (): BookingConfigInput => ({
  timezone: 'Europe/Berlin',
  clinicians: [
    // The clinician of the demo's tickets (`GET /demo/ticket?role=clinician`) and visits.
    { id: 'dr-demo', displayName: 'Dr. Demo', subject: 'demo-clinician' },
    { id: 'dr-okafor', displayName: 'Dr. Chidi Okafor', subject: 'demo-clinician-2' },
  ],
  services: [
    {
      id: 'demo-consult',
      title: 'Video consultation',
      durationMinutes: 30,
      bufferMinutes: 5,
      slotStepMinutes: 35,
      minLeadMinutes: 15,
      horizonDays: 14,
      access: 'public',
      clinicians: ['dr-demo', 'dr-okafor'],
    },
    {
      id: 'demo-follow-up',
      title: 'Follow-up video visit, returning patients',
      durationMinutes: 20,
      minLeadMinutes: 15,
      access: 'ticket',
      patients: 'returning',
      clinicians: ['dr-demo'],
    },
  ],
  schedules: [
    { clinician: 'dr-demo', weekly: [{ days: [...EVERY_DAY], from: '07:00', to: '22:00' }] },
    { clinician: 'dr-okafor', weekly: [{ days: [...EVERY_DAY], from: '07:00', to: '22:00' }] },
  ],
});
