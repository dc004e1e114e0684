import { Hono } from 'hono';
import { SignJWT, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { TICKET_TYPE } from '../../protocol/ticket.js';
import { IdSchema } from '../../protocol/join.js';
import * as v from 'valibot';
import { ProblemError } from '../problem-error.js';
import { requireSameSite } from './same-site.js';

export interface DemoSigner {
  privateKey: CryptoKey;
  issuer: string;
  audience: string;
}

// Like a real portal's, a patient ticket names the one appointment it may join.
const QuerySchema = v.pipe(
  v.object({
    role: v.optional(v.picklist(['patient', 'clinician']), 'patient'),
    appointment: v.optional(IdSchema),
  }),
  v.check(
    (q) => q.role !== 'patient' || q.appointment !== undefined,
    'a patient ticket needs an appointment',
  ),
);

const NAMES = { patient: 'Demo Patient', clinician: 'Dr. Demo' } as const;

/**
 * `GET /demo/ticket`: stands in for the hospital portal's own ticket endpoint, for the demo page only.
 * Mounted in demo mode alone; refuses cross-site callers (Sec-Fetch-Site) so no other page can mint.
 */
export function demoTicketRoutes(signer: DemoSigner) {
  return new Hono().get('/demo/ticket', async (c) => {
    requireSameSite(c);
    const query = v.safeParse(QuerySchema, c.req.query());
    if (!query.success) {
      throw new ProblemError(
        'bad-request',
        'role must be patient or clinician; a patient ticket needs an appointment.',
      );
    }
    const { role, appointment } = query.output;
    const ticket = await new SignJWT({ role, name: NAMES[role], ...(appointment && { appointment }) })
      .setProtectedHeader({ alg: 'ES256', typ: TICKET_TYPE })
      .setIssuer(signer.issuer)
      .setAudience(signer.audience)
      .setSubject(`demo-${role}`)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(signer.privateKey);
    c.header('Cache-Control', 'no-store');
    return c.text(ticket);
  });
}
