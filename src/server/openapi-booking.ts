import type { GenericSchema } from 'valibot';
import {
  AppointmentCreatedSchema,
  AppointmentRequestSchema,
  AppointmentSchema,
  HoldReleaseSchema,
  HoldRequestSchema,
  HoldResponseSchema,
  RescheduleRequestSchema,
} from '../protocol/booking.js';
import { idParam, json, problems } from './openapi-parts.js';

// Booking's part of the OpenAPI document (holds and appointments), from the schemas the routes validate with.

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'One per intent (a random UUID). Same key and body: the first answer again; another body: 422; while the first runs: 409.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' },
};
const bookingSession = {
  name: 'Booking-Session',
  in: 'header',
  required: false,
  description: 'The anonymous booking session from an earlier hold answer (public services; never a cookie).',
  schema: { type: 'string' },
};
const acceptLanguage = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description:
    "The patient's language for the calendar file's words (RFC 9110 12.5.4): the first of en, de, fr, it, nl it names (de-CH is de), else English. A header, so that the URL carries nothing about the patient.",
  schema: { type: 'string', example: 'de-CH, de;q=0.9' },
};
/** A consult ticket, or an appointment's capability token (`vca_…`) for that appointment. */
const ticketOrCapability = [{ consultTicket: [] }, { appointmentToken: [] }];

export const bookingSecuritySchemes = {
  appointmentToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'vca_… capability token of one appointment (from POST /v1/appointments)',
  },
};

export const bookingSchemas = (schema: (s: GenericSchema) => Record<string, unknown>) => ({
  HoldRequest: schema(HoldRequestSchema),
  HoldResponse: schema(HoldResponseSchema),
  HoldRelease: schema(HoldReleaseSchema),
  AppointmentRequest: {
    ...schema(AppointmentRequestSchema),
    description:
      'patient needs name and an email or a phone number; dateOfBirth exactly when the service asks for it.',
  },
  Appointment: schema(AppointmentSchema),
  AppointmentCreated: schema(AppointmentCreatedSchema),
  RescheduleRequest: schema(RescheduleRequestSchema),
});

export const bookingPaths = {
  '/v1/holds': {
    post: {
      summary:
        "Hold a slot's capacity for holds.minutes (public services: anonymous with a booking session; else a patient ticket)",
      security: [{}, { consultTicket: [] }],
      parameters: [bookingSession],
      requestBody: { required: true, content: json('HoldRequest') },
      responses: {
        '201': { description: 'Held', content: json('HoldResponse') },
        ...problems(400, 401, 403, 404, 409, 413, 415, 429),
      },
    },
  },
  '/v1/holds/{id}': {
    delete: {
      summary: 'Release a hold (with its secret)',
      parameters: [idParam],
      requestBody: { required: true, content: json('HoldRelease') },
      responses: { '204': { description: 'Released' }, ...problems(400, 404, 415, 429) },
    },
  },
  '/v1/appointments': {
    post: {
      summary: 'Book a held slot: consumes the hold; answers the appointment and its capability token',
      security: [{}, { consultTicket: [] }],
      parameters: [idempotencyKey, bookingSession],
      requestBody: { required: true, content: json('AppointmentRequest') },
      responses: {
        '201': {
          description: 'Booked (status pending until the video room exists)',
          content: json('AppointmentCreated'),
        },
        ...problems(400, 401, 404, 409, 410, 413, 415, 422, 429),
      },
    },
  },
  '/v1/appointments/{id}': {
    get: {
      summary: 'An appointment (ids and times; never the patient details)',
      security: ticketOrCapability,
      parameters: [idParam],
      responses: {
        '200': { description: 'Appointment', content: json('Appointment') },
        ...problems(401, 403, 404, 429),
      },
    },
    delete: {
      summary: 'Cancel (also at the vendor); patients only before the service cut-off',
      security: ticketOrCapability,
      parameters: [idParam],
      responses: {
        '200': { description: 'Cancelled (again: unchanged)', content: json('Appointment') },
        ...problems(401, 403, 404, 409, 429),
      },
    },
    patch: {
      summary: 'Reschedule to a new hold of the same service, atomically; patients only before the cut-off',
      security: ticketOrCapability,
      parameters: [idParam, idempotencyKey],
      requestBody: { required: true, content: json('RescheduleRequest') },
      responses: {
        '200': {
          description: 'Moved (status pending until the vendor side moved)',
          content: json('Appointment'),
        },
        ...problems(400, 401, 403, 404, 409, 410, 415, 422, 429),
      },
    },
  },
  '/v1/appointments/{id}/calendar.ics': {
    get: {
      summary:
        "RFC 5545 calendar file in the patient's language: how to join, the visit page, never a join URL. With appointments.organizer METHOD PUBLISH (CANCEL once cancelled), else no METHOD and STATUS CANCELLED once cancelled. Fetch with the token header and offer it as a download",
      security: ticketOrCapability,
      parameters: [idParam, acceptLanguage],
      responses: {
        '200': {
          description: 'Calendar file',
          headers: {
            'Content-Language': {
              description: 'The language the file is written in (en, de, fr, it or nl)',
              schema: { type: 'string', enum: ['en', 'de', 'fr', 'it', 'nl'] },
            },
          },
          content: { 'text/calendar': { schema: { type: 'string' } } },
        },
        ...problems(401, 403, 404, 429),
      },
    },
  },
};
