import { JoinRequestSchema, JoinResponseSchema } from '../protocol/join.js';
import { ProblemSchema } from '../protocol/problem.js';
import { AuditResponseSchema, CreateRoomRequestSchema, RoomSchema } from '../protocol/rooms.js';
import { bookingPaths, bookingSchemas, bookingSecuritySchemes } from './openapi-booking.js';
import { schedulingPaths, schedulingSchemas } from './openapi-scheduling.js';
import { livePaths, liveSchemas } from './openapi-live.js';
import { bearer, idParam, json, problems, schema } from './openapi-parts.js';

// The document is generated from the same valibot schemas the server validates with, so the two
// cannot drift. Refinements JSON Schema cannot express (cross-field checks) are described in text.
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'video-consult-elements consult server',
      version: '1',
      description:
        'Mints short-lived join links for telehealth video visits. Errors are RFC 9457 problem+json with a stable `code`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        consultTicket: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (typ consult-ticket+jwt)' },
        ...bookingSecuritySchemes,
      },
      schemas: {
        JoinRequest: { ...schema(JoinRequestSchema), description: 'Exactly one of appointment or room.' },
        JoinResponse: schema(JoinResponseSchema),
        CreateRoomRequest: schema(CreateRoomRequestSchema),
        Room: schema(RoomSchema),
        AuditResponse: schema(AuditResponseSchema),
        Problem: schema(ProblemSchema),
        ...liveSchemas,
        ...schedulingSchemas,
        ...bookingSchemas(schema),
      },
    },
    paths: {
      '/v1/join': {
        post: {
          summary: 'Mint a one-time join link for the caller',
          security: bearer,
          requestBody: { required: true, content: json('JoinRequest') },
          responses: {
            '200': { description: 'Join link', content: json('JoinResponse') },
            ...problems(400, 401, 403, 404, 409, 413, 415, 425, 429, 502, 503, 504),
          },
        },
      },
      '/v1/rooms': {
        post: {
          summary: "Create an appointment's room (clinician or staff); Idempotency-Key aware",
          security: bearer,
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' },
            },
          ],
          requestBody: { required: true, content: json('CreateRoomRequest') },
          responses: {
            '200': { description: 'The room exists with the same schedule', content: json('Room') },
            '201': { description: 'Created', content: json('Room') },
            ...problems(400, 401, 403, 409, 413, 415, 422, 429, 502, 503, 504),
          },
        },
      },
      '/v1/rooms/{id}': {
        delete: {
          summary: 'Cancel a room (clinician or staff)',
          security: bearer,
          parameters: [idParam],
          responses: {
            '204': { description: 'Cancelled' },
            ...problems(401, 403, 404, 409, 429, 502, 503, 504),
          },
        },
      },
      '/v1/audit': {
        get: {
          summary: 'Audit events in a time range (staff)',
          security: bearer,
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          ],
          responses: {
            '200': { description: 'Events', content: json('AuditResponse') },
            ...problems(400, 401, 403, 429),
          },
        },
      },
      ...livePaths,
      ...schedulingPaths,
      ...bookingPaths,
      '/healthz': { get: { summary: 'Alive', responses: { '200': { description: 'ok' } } } },
      '/readyz': {
        get: {
          summary: 'Database reachable, providers configured',
          responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/sandbox/rooms/{id}': {
        get: {
          summary: 'Sandbox room page (one-time token)',
          parameters: [
            idParam,
            { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'lang', in: 'query', schema: { enum: ['en', 'de', 'fr', 'it', 'nl'] } },
            { name: 'dir', in: 'query', schema: { enum: ['ltr', 'rtl'] } },
          ],
          responses: {
            '200': html('Room page'),
            '410': html(
              'Link used or expired (framable by the page that asked for it, posts link-expired to it), visit over (posts ended), or unknown',
            ),
          },
        },
      },
      '/sandbox/rooms/{id}/state': {
        get: {
          summary: 'Sandbox room state (room page session)',
          parameters: [idParam],
          responses: { '200': { description: 'State' }, ...problems(401) },
        },
      },
      '/sandbox/rooms/{id}/end': {
        post: {
          summary: 'End the sandbox visit (clinician session)',
          parameters: [idParam],
          responses: { '204': { description: 'Ended' }, ...problems(401, 403) },
        },
      },
      '/demo/ticket': {
        get: {
          summary: 'Demo mode only: a consult ticket for the demo page',
          parameters: [
            { name: 'role', in: 'query', schema: { enum: ['patient', 'clinician'] } },
            {
              name: 'appointment',
              in: 'query',
              description: 'Required for role=patient: a patient ticket is for one appointment.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': { description: 'Ticket', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...problems(400, 403),
          },
        },
      },
    },
  };
}
