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
