import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';

// Pieces every part of the OpenAPI document uses (openapi.ts, openapi-booking.ts, openapi-scheduling.ts).

/** A valibot schema as JSON Schema 2020-12 (the same schema the route validates with, so they cannot drift). */
export const schema = (s: GenericSchema) => {
  const { $schema: _drop, ...rest } = toJsonSchema(s, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
  }) as Record<string, unknown>;
  return rest;
};

/** A JSON body or answer by its component name. */
export const json = (ref: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
});

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Problem answers (RFC 9457) for these statuses. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: 'Problem', content: problem }]));

/** A consult ticket as bearer token. */
export const bearer = [{ consultTicket: [] }];

/** The `id` path parameter. */
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
