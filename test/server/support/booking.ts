import { randomUUID } from 'node:crypto';
import type { ConsultServerOptions } from '../../../src/server/app.js';
import type { ConsultServerConfigInput } from '../../../src/server/config.js';
import { renderCalendar } from '../../../src/server/booking/calendar.js';
import type { BookingDeps } from '../../../src/server/booking/deps.js';
import type { CalendarEntry, Clinician, Service } from '../../../src/server/booking/types.js';
import type { Job, JobKind } from '../../../src/server/jobs/types.js';
import { ProblemError } from '../../../src/server/problem-error.js';
import type { Participant, VideoProvider } from '../../../src/server/providers/types.js';
import { TEST_CAPABILITIES } from '../../support/test-capabilities.js';
import { openStore, type Engine } from './engines.js';
import { PORTAL, testServer } from '../../support/server.js';
import { signTicket } from '../../support/tickets.js';

export const MINUTE = 60_000;
/** A fixed "now" on the 5-minute grid: tests move it by hand. */
export const T0 = Date.UTC(2031, 2, 3, 8, 0);

const service = (over: Partial<Service> & Pick<Service, 'id'>): Service => ({
  title: 'Dermatology video visit',
  durationMinutes: 20,
  bufferMinutes: 0,
  slotStepMinutes: 10,
  capacity: 1,
  minLeadMinutes: 0,
  horizonDays: 30,
  changeCutoffMinutes: 240,
  clinicians: ['dr-a'],
  provider: 'sandbox',
  access: 'public',
  patients: 'any',
  asksDateOfBirth: false,
  ...over,
});

/** Test services: two of one clinician with unequal lengths, one that asks the date of birth, one ticket-only. */
export const SERVICES: Service[] = [
  service({ id: 'derm-20' }),
  service({ id: 'derm-30', durationMinutes: 30, title: 'Dermatology first visit' }),
  service({ id: 'derm-dob', asksDateOfBirth: true }),
  service({ id: 'derm-ticket', access: 'ticket' }),
  service({ id: 'group', capacity: 3, clinicians: ['dr-b'] }),
  service({ id: 'derm-vendor', provider: 'counting' }),
  service({ id: 'derm-buffered', bufferMinutes: 10 }),
];
export const CLINICIANS: Clinician[] = [
  { id: 'dr-a', displayName: 'Dr. Anna Arzt', subject: 'sub-dr-a' },
  { id: 'dr-b', displayName: 'Dr. Bernd Berg', subject: 'sub-dr-b' },
];

/**
 * Booking deps as doubles: every future start on the 5-minute grid is offered by every clinician of
 * the service (the slot engine is another helper's, tested there); the calendar renderer records what
 * it was given and writes it with the real one.
 */
export function bookingDoubles(): BookingDeps & { entries: CalendarEntry[] } {
  const entries: CalendarEntry[] = [];
  return {
    entries,
    services: (id) => SERVICES.find((s) => s.id === id),
    clinicians: (id) => CLINICIANS.find((c) => c.id === id),
    slots: {
      async offered(s, start, now, clinicianId) {
        if (start.getTime() % (5 * MINUTE) !== 0 || start <= now) return undefined;
        const ids = s.clinicians.filter((c) => clinicianId === undefined || c === clinicianId);
        return { end: new Date(start.getTime() + s.durationMinutes * MINUTE), clinicianIds: ids };
      },
    },
    renderCalendar(entry) {
      entries.push(entry);
      return renderCalendar(entry);
    },
  };
}

export const PATIENT = { name: 'Erika Mustermann', email: 'erika.mustermann@example.org' };

/** A test server with booking on a fake clock (`clock.t`), and helpers that speak the booking API. */
export async function bookingServer(
  overrides: Partial<ConsultServerConfigInput> = {},
  options: ConsultServerOptions = {},
  engine: Engine = 'sqlite',
) {
  const clock = { t: T0 };
  const doubles = bookingDoubles();
  // A database of its own, so that the test can read every table through a second connection.
  const db = await openStore(engine);
  const { store } = db;
  const server = await testServer(
    { rateLimit: { perIp: 100_000, perSubject: 1000 }, holds: { maxPerIp: 1000 }, ...overrides },
    { now: () => new Date(clock.t), booking: doubles, store, ...options },
  );
  const { app } = server;
  const json = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', origin: PORTAL, ...headers },
      body: JSON.stringify(body),
    });
  const hold = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    json('POST', '/v1/holds', body, headers);
  const book = (
    body: Record<string, unknown>,
    key: string = randomUUID(),
    headers: Record<string, string> = {},
  ) => json('POST', '/v1/appointments', body, { 'idempotency-key': key, ...headers });
  /** Holds `start` (ms) of `service` and books it: the 201 body (appointment, token). */
  const holdAndBook = async (
    serviceId: string,
    start: number,
    patient: Record<string, unknown> = PATIENT,
  ) => {
    const held = await hold({ service: serviceId, start: new Date(start).toISOString() });
    if (held.status !== 201) throw new Error(`hold: ${held.status} ${await held.text()}`);
    const h = await held.json();
    const booked = await book({ holdId: h.holdId, holdSecret: h.holdSecret, patient });
    if (booked.status !== 201) throw new Error(`book: ${booked.status} ${await booked.text()}`);
    return (await booked.json()) as {
      appointment: { id: string; start: string; status: string; sequence: number };
      token: string;
    };
  };
  const withToken = (token: string, headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    ...headers,
  });
  /** Rows of a table or query, read through the second connection. */
  const rows = db.rows;
  /** A ticket valid at the fake clock. */
  const ticket = (role: 'patient' | 'clinician' | 'staff', claims: Record<string, unknown> = {}) =>
    signTicket(server.keys.privateKey, {
      role,
      sub: `${role}-1`,
      iat: Math.floor(clock.t / 1000),
      exp: Math.floor(clock.t / 1000) + 60,
      ...claims,
    });
  const close = async () => {
    await server.app.close();
    await db.close();
  };
  return { ...server, clock, doubles, json, hold, book, holdAndBook, withToken, rows, ticket, close };
}

/** A claimed job as the runner hands it to a handler. */
export const jobOf = (kind: JobKind, payload: Job['payload']): Job => ({
  id: randomUUID(),
  kind,
  dedupeKey: null,
  payload,
  status: 'running',
  attempts: 1,
  runAt: new Date(T0),
  leaseUntil: null,
  lastError: null,
  createdAt: new Date(T0),
  finishedAt: null,
});

/**
 * A vendor that counts the rooms it really made. Like the real adapters' create-or-adopt, a second
 * create with a room id it knows adopts that room. `down` makes it fail as an outage does.
 */
export function countingProvider() {
  const rooms = new Map<string, Participant[]>();
  const control = { down: false, creates: 0, cancels: 0, rooms };
  const provider: VideoProvider = {
    name: 'counting',
    capabilities: TEST_CAPABILITIES,
    allowedOrigins: ['https://counting.test'],
    iframeAllow: [],
    async createRoom(spec) {
      if (control.down) throw new ProblemError('vendor-unavailable', 'counting is down');
      if (!rooms.has(spec.roomId)) {
        control.creates++;
        rooms.set(spec.roomId, spec.participants);
      }
      return { vendorRoomId: `v-${spec.roomId}` };
    },
    joinLink: async ({ room }) => ({
      url: `https://counting.test/${room.vendorRoomId}`,
      expiresAt: new Date(Date.now() + 60_000),
    }),
    async cancelRoom() {
      control.cancels++;
    },
    roomState: async () => ({ phase: 'open' }),
  };
  return { provider, control };
}
