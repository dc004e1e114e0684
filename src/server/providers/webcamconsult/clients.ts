import * as v from 'valibot';
import { ProblemError } from '../../problem-error.js';
import { VendorError } from '../internal/vendor-error.js';
import type { Participant } from '../types.js';
import { VENDOR, type WebcamconsultApi } from './api.js';
import { ClientTokenSchema, type VendorClient } from './schemas.js';

const sameEmail = (a: string | null | undefined, b: string) =>
  typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The patient's client among several with the same e-mail: the one with our last name, else the first. */
const pick = (clients: VendorClient[], email: string, lastName: string | undefined) => {
  const matches = clients.filter((c) => sameEmail(c.email, email));
  return matches.find((c) => lastName !== undefined && c.last_name === lastName) ?? matches[0];
};

const isEmailRefusal = (err: unknown) =>
  err instanceof VendorError &&
  err.vendorStatus === 422 &&
  (err.options.errors ?? []).some((e) => e.path === 'client.email');

export interface ClientSeat {
  clientId: string;
  /** The client's `authentication_token`, when the join template needs it. */
  clientToken?: string;
}

/**
 * Finds the patient's client by e-mail (`GET /clients.json`), else creates it (`POST /clients.json`).
 * A 422 on `email` means another request created it meanwhile: it is looked up once more. The token is
 * only in the list (the doc's create answer has none), so a new client is listed again when it is needed.
 */
export const findOrCreateClient = async (
  api: WebcamconsultApi,
  patient: Participant & { email: string },
  extras: { needsToken: boolean; divisionId: string | undefined },
  signal: AbortSignal,
): Promise<ClientSeat> => {
  const lastName = patient.name?.trim() || undefined;
  const seatOf = (client: VendorClient): ClientSeat => {
    if (!extras.needsToken) return { clientId: client.id };
    const token = v.safeParse(ClientTokenSchema, client.authentication_token);
    if (!token.success) {
      throw new VendorError(
        'vendor-bad-response',
        `${VENDOR} listed the client without a usable token`,
        200,
        {
          reason: 'GET /clients.json: authentication_token missing or malformed',
        },
      );
    }
    return { clientId: client.id, clientToken: token.output };
  };

  const found = pick(await api.clients(signal), patient.email, lastName);
  if (found) return seatOf(found);
  let clientId: string;
  try {
    clientId = await api.createClient(
      {
        email: patient.email,
        ...(lastName ? { last_name: lastName } : {}),
        ...(extras.divisionId ? { division_ids: [extras.divisionId] } : {}),
      },
      signal,
    );
  } catch (err) {
    if (!isEmailRefusal(err)) throw err;
    const raced = pick(await api.clients(signal), patient.email, lastName);
    if (!raced) throw err;
    return seatOf(raced);
  }
  if (!extras.needsToken) return { clientId };
  const listed = (await api.clients(signal)).find((c) => c.id === clientId);
  if (!listed) {
    throw new ProblemError('vendor-bad-response', `${VENDOR} does not list the client it just created`, {
      reason: 'GET /clients.json: new client missing',
    });
  }
  return seatOf(listed);
};
