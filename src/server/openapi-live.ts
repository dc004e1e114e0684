import { ROOM_PHASES } from '../protocol/visits.js';

// Hand-written: `VisitInfo` and `RoomState` are TypeScript contracts in `src/protocol/visits.ts`, not
// valibot schemas; test/server/visits.test.ts checks real answers against these descriptions.

const instant = { type: 'string', format: 'date-time' };
const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: 'Problem', content: problem }]));
const bearer = [{ consultTicket: [] }];

export const liveSchemas = {
  VisitInfo: {
    type: 'object',
    additionalProperties: false,
    required: [
      'appointment',
      'roomId',
      'provider',
      'status',
      'startsAt',
      'endsAt',
      'joinAvailableFrom',
      'serverTime',
    ],
    properties: {
      appointment: { type: 'string' },
      roomId: { type: 'string' },
      provider: { type: 'string' },
      status: { enum: ['scheduled', 'open', 'ended', 'cancelled'] },
      startsAt: instant,
      endsAt: instant,
      joinAvailableFrom: { ...instant, description: "From here the caller's role may join." },
      serverTime: { ...instant, description: "The server's clock, to correct the browser's." },
      clinicianName: {
        type: 'string',
        description: 'Display name of the clinician, when the clinic gave one.',
      },
    },
  },
  RoomState: {
    type: 'object',
    additionalProperties: false,
    required: ['roomId', 'phase', 'observedAt'],
    properties: {
      roomId: { type: 'string' },
      phase: { enum: [...ROOM_PHASES] },
      participants: { type: 'integer', minimum: 0, description: 'In the call, where the provider says.' },
      observedAt: { ...instant, description: 'When the server last heard this from the provider.' },
    },
  },
};

export const livePaths = {
  '/v1/visits/{appointment}': {
    get: {
      summary: "The visit window of an appointment, for the caller's role (patient or clinician)",
      security: bearer,
      parameters: [{ name: 'appointment', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: 'Visit (Cache-Control: no-store)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/VisitInfo' } } },
        },
        ...problems(400, 401, 403, 404, 429),
      },
    },
  },
  '/v1/visits/{appointment}/end': {
    post: {
      summary: 'The clinician ends the visit for everyone',
      description:
        "Clinician tickets only, and only the visit's own clinician: for a booked appointment the ticket's " +
        "`sub` is its clinician's subject; for a visit the portal opened (`POST /v1/rooms`) the ticket must " +
        'carry `appointment` for it. Ends the visit at the vendor where it has such a call (Auvious), then ' +
        'marks the room ended: its live state turns `ended` (the elements close their frames), no join ' +
        'link is minted any more, an audit row `visit.ended` and the `visit.ended` webhook (if it started) ' +
        'are written. Idempotent: ending an ended visit answers the same, without a second vendor call. ' +
        'Errors: 403 `forbidden-role` (patient, staff), 403 `forbidden-scope` (another clinician or ' +
        'appointment), 404 `room-not-found`, 409 `appointment-cancelled` / `room-ended` (cancelled), ' +
        '502/503/504 `vendor-*` (nothing changed: retry).',
      security: bearer,
      parameters: [{ name: 'appointment', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: 'The visit, now `ended` (Cache-Control: no-store)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/VisitInfo' } } },
        },
        ...problems(400, 401, 403, 404, 409, 429, 502, 503, 504),
      },
    },
  },
  '/v1/rooms/{id}/events': {
    get: {
      summary: "A room's live state as server-sent events (patient or clinician)",
      description:
        'Read with fetch streaming and the ticket in the Authorization header (never EventSource, never a ' +
        'ticket in the URL). `event: state` carries a RoomState, at once and on every change; `event: ' +
        'error` carries `{ "code": … }` when the provider cannot be asked (after the last known state); a ' +
        'comment line is sent as heartbeat. The stream closes after the configured lifetime: reconnect ' +
        'with a fresh ticket.',
      security: bearer,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: 'Event stream (Cache-Control: no-store)',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        ...problems(401, 403, 404, 429),
      },
    },
  },
  '/demo/visits': {
    post: {
      summary: 'Demo mode only: a scheduled sandbox visit starting in N seconds (20 minutes, "Dr. Demo")',
      parameters: [
        {
          name: 'startsInSeconds',
          in: 'query',
          schema: { type: 'integer', minimum: 0, maximum: 3600, default: 120 },
        },
      ],
      responses: {
        '201': {
          description: 'The new appointment',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['appointment'],
                properties: { appointment: { type: 'string' } },
              },
            },
          },
        },
        ...problems(400, 403),
      },
    },
  },
};
