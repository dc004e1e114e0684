import type { ConsultServerConfigInput } from '../../../src/server/config.js';
import type { TicketRole } from '../../../src/protocol/ticket.js';
import { signTicket, type TestKeys } from '../../support/tickets.js';

type BookingInput = NonNullable<ConsultServerConfigInput['booking']>;

/** A small clinic in Berlin: two clinicians on weekdays, a public and a ticket-only service. */
export const clinic = (overrides: Partial<BookingInput> = {}): BookingInput => ({
  timezone: 'Europe/Berlin',
  clinicians: [
    { id: 'weber', displayName: 'Dr. Anna Weber', subject: 'clinician-weber' },
    { id: 'okafor', displayName: 'Dr. Chidi Okafor', subject: 'clinician-okafor' },
  ],
  services: [
    {
      id: 'consult',
      title: 'Video consultation',
      durationMinutes: 30,
      access: 'public',
      clinicians: ['weber', 'okafor'],
    },
    {
      id: 'derm',
      title: 'Dermatology, returning',
      durationMinutes: 20,
      clinicians: ['weber'],
      patients: 'returning',
    },
  ],
  schedules: [
    {
      clinician: 'weber',
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '12:00' }],
    },
    { clinician: 'okafor', weekly: [{ days: ['mon', 'wed'], from: '14:00', to: '16:00' }] },
  ],
  ...overrides,
});

/** A ticket valid at the server's (fake) `now`. */
export const ticketAt = (keys: TestKeys, now: Date, role: TicketRole, extra: Record<string, string> = {}) => {
  const iat = Math.floor(now.getTime() / 1000);
  return signTicket(keys.privateKey, { role, sub: `${role}-1`, iat, exp: iat + 60, ...extra });
};
