import { SlotsResponseSchema } from '../protocol/slots.js';
import { ExceptionInputSchema, ScheduleBodySchema } from './booking/schedule-schema.js';
import { CreateScheduleSchema } from './routes/schedules.js';
import { bearer, json, problems, schema } from './openapi-parts.js';

// Scheduling: slots (public or ticket) and staff schedules. Generated from the schemas the routes
// validate with; cross-field rules (end after start, no overlap) are described in text.

const clinicianParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'Clinician id',
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The ETag read before ("vN"): 412 `schedule-changed` when another change came first.',
  schema: { type: 'string' },
};
const RULES =
  'Each weekly range ends after it starts; ranges of one weekday do not overlap; `closed` exceptions have no from/to, `blocked` and `extra` need both. Field errors carry a stable `code` (required, unknown-field, invalid-format, unknown-zone, end-not-after-start, overlap, …).';
const scheduleAnswer = (description: string) => ({
  description,
  headers: { ETag: { schema: { type: 'string' } } },
  content: json('Schedule'),
});

const ScheduleJson = {
  type: 'object',
  required: ['clinician', 'zone', 'weekly', 'exceptions', 'origin', 'version', 'updatedAt'],
  properties: {
    clinician: { type: 'string' },
    zone: { type: 'string' },
    weekly: schema(ScheduleBodySchema.entries.weekly),
    exceptions: {
      type: 'array',
      items: {
        allOf: [schema(ExceptionInputSchema), { required: ['id'], properties: { id: { type: 'string' } } }],
      },
    },
    origin: { enum: ['config', 'staff'] },
    version: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const schedulingSchemas = {
  SlotsResponse: schema(SlotsResponseSchema),
  Schedule: ScheduleJson,
  CreateSchedule: { ...schema(CreateScheduleSchema), description: RULES },
  ScheduleBody: { ...schema(ScheduleBodySchema), description: RULES },
  ScheduleException: schema(ExceptionInputSchema),
};

export const schedulingPaths = {
  '/v1/slots': {
    get: {
      summary: "A service's free slots (UTC instants); public services without a ticket",
      security: [{}, ...bearer],
      parameters: [
        { name: 'service', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
        {
          name: 'to',
          in: 'query',
          description: 'At most 62 days after from',
          schema: { type: 'string', format: 'date-time' },
        },
        { name: 'clinician', in: 'query', schema: { type: 'string' } },
        {
          name: 'tz',
          in: 'query',
          description: "The patient's IANA zone, echoed",
          schema: { type: 'string' },
        },
        { name: 'If-None-Match', in: 'header', schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'Slots (ETag; Cache-Control: private, no-cache)',
          headers: { ETag: { schema: { type: 'string' } } },
          content: json('SlotsResponse'),
        },
        '304': { description: 'Not modified (If-None-Match)' },
        ...problems(400, 401, 404, 429),
      },
    },
  },
  '/v1/schedules': {
    get: {
      summary: 'All schedules (staff)',
      security: bearer,
      responses: { '200': { description: '{ schedules: Schedule[] }' }, ...problems(401, 403, 429) },
    },
    post: {
      summary: "Create a clinician's schedule (staff)",
      security: bearer,
      requestBody: { required: true, content: json('CreateSchedule') },
      responses: { '201': scheduleAnswer('Created'), ...problems(400, 401, 403, 409, 413, 415, 429) },
    },
  },
  '/v1/schedules/{id}': {
    get: {
      summary: "A clinician's schedule (staff)",
      security: bearer,
      parameters: [clinicianParam],
      responses: { '200': scheduleAnswer('Schedule'), ...problems(401, 403, 404, 429) },
    },
    put: {
      summary: "Replace a clinician's schedule (staff); the configuration no longer changes it",
      security: bearer,
      parameters: [clinicianParam, ifMatch],
      requestBody: { required: true, content: json('ScheduleBody') },
      responses: { '200': scheduleAnswer('Replaced'), ...problems(400, 401, 403, 404, 412, 413, 415, 429) },
    },
    delete: {
      summary: "Delete a clinician's schedule (staff); the configuration does not bring it back",
      security: bearer,
      parameters: [clinicianParam, ifMatch],
      responses: { '204': { description: 'Deleted' }, ...problems(401, 403, 404, 412, 429) },
    },
  },
  '/v1/schedules/{id}/exceptions': {
    get: {
      summary: "A schedule's exceptions (staff)",
      security: bearer,
      parameters: [clinicianParam],
      responses: { '200': { description: '{ exceptions, version }' }, ...problems(401, 403, 404, 429) },
    },
    post: {
      summary: 'Add an exception: closed date, blocked or extra hours (staff)',
      security: bearer,
      parameters: [clinicianParam, ifMatch],
      requestBody: { required: true, content: json('ScheduleException') },
      responses: {
        '201': { description: 'The exception with its id and the new version' },
        ...problems(400, 401, 403, 404, 412, 413, 415, 429),
      },
    },
  },
  '/v1/schedules/{id}/exceptions/{exceptionId}': {
    delete: {
      summary: 'Remove an exception (staff)',
      security: bearer,
      parameters: [
        clinicianParam,
        { name: 'exceptionId', in: 'path', required: true, schema: { type: 'string' } },
        ifMatch,
      ],
      responses: { '204': { description: 'Removed' }, ...problems(401, 403, 404, 412, 429) },
    },
  },
};
