import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createConsultServer, type ConsultServerOptions } from '../../src/server/app.js';
import type { ConsultServerConfigInput } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import { createSqliteStore } from '../../src/server/store/sqlite.js';
import type { Room } from '../../src/protocol/rooms.js';
import { AUDIENCE, HS_ISSUER, HS_SECRET, ISSUER, makeKeys, signTicket } from './tickets.js';

export const PORTAL = 'https://portal.hospital.test';
export const CONSULT = 'https://consult.hospital.test';

/** A server on an in-memory database with two issuers (ES256 and HS256) and captured log lines. */
export async function testServer(
  overrides: Partial<ConsultServerConfigInput> = {},
  options: ConsultServerOptions = {},
) {
  const keys = await makeKeys();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const store = options.store ?? createSqliteStore(':memory:', { dataKey: randomBytes(32) });
  const app = await createConsultServer(
    {
      publicUrl: CONSULT,
      audience: AUDIENCE,
      allowedOrigins: [PORTAL],
      pseudonymSecret: 'test-pseudonym-secret-of-32-bytes-or-more',
      issuers: [
        { issuer: ISSUER, algorithms: ['ES256'], publicKeyJwk: keys.publicJwk },
        { issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET },
      ],
      ...overrides,
    },
    { logger: createLogger('debug', sink), store, ...options },
  );
  const join = (ticket: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    app.request('/v1/join', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: PORTAL,
        ...(ticket !== undefined && { authorization: `Bearer ${ticket}` }),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** `POST /v1/rooms` as the holder of `ticket` (a clinician or staff ticket opens a room). */
  const openRoom = (ticket: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request('/v1/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ticket}`, ...headers },
      body: JSON.stringify(body),
    });
  /**
   * The clinic opens an appointment's room (a staff ticket), as a portal's scheduler does before a
   * visit: patients never create rooms.
   */
  const openVisit = async (appointment = 'apt-1', spec: Record<string, unknown> = {}): Promise<Room> => {
    const staff = await signTicket(keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    const res = await openRoom(staff, { appointment, ...spec });
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`openVisit: ${res.status} ${await res.text()}`);
    }
    return (await res.json()) as Room;
  };
  return { app, keys, store, logLines, join, openRoom, openVisit };
}
