import * as v from 'valibot';
import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { IdSchema } from '../../protocol/join.js';
import { TICKET_TYPE, type TicketRole } from '../../protocol/ticket.js';
import type { ServerErrorCode } from '../../protocol/errors.js';
import type { ConsultServerConfig, IssuerConfig } from '../config.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';
import { createHs256Verifier } from './hs256-verifier.js';
import { loadIssuerKey } from './issuer-keys.js';

/** A verified caller. `subject` is the raw `sub`: hash it before it is stored or logged. */
export interface Caller {
  issuer: string;
  subject: string;
  role: TicketRole;
  name?: string;
  appointment?: string;
  /** `new` or `returning`, as the portal knows the patient (booking services that take only one kind). */
  patientKind?: 'new' | 'returning';
}

const ClaimsSchema = v.object({
  sub: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  jti: v.pipe(v.string(), v.minLength(8), v.maxLength(256)),
  role: v.picklist(['patient', 'clinician', 'staff']),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  appointment: v.optional(IdSchema),
  patientKind: v.optional(v.picklist(['new', 'returning'])),
});

const refuse = (code: ServerErrorCode, reason: string, cause?: unknown) =>
  new ProblemError(code, 'The consult ticket was not accepted.', { reason, cause });

const CLAIM_CODES: Partial<Record<string, ServerErrorCode>> = {
  iss: 'ticket-wrong-issuer',
  aud: 'ticket-wrong-audience',
  typ: 'ticket-wrong-type',
  nbf: 'ticket-not-yet-valid',
  iat: 'ticket-not-yet-valid',
};

/** Maps jose's failures onto our stable codes; the reason goes to the audit log only. */
function classify(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? refuse('ticket-stale', 'iat older than max age', error)
      : refuse('ticket-expired', 'exp passed', error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    // A missing claim (`iat` included) is a malformed ticket, not a timing problem.
    if (error.reason === 'missing') return refuse('ticket-invalid', `claim ${error.claim} missing`, error);
    return refuse(
      CLAIM_CODES[error.claim] ?? 'ticket-invalid',
      `claim ${error.claim}: ${error.reason}`,
      error,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refuse('ticket-invalid', 'algorithm not allowed', error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refuse('ticket-invalid', 'bad signature', error);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return refuse('ticket-invalid', 'no matching key', error);
  if (error instanceof errors.JOSEError) return refuse('ticket-invalid', error.code, error);
  throw error;
}

export type TicketVerifier = (authorization: string | undefined) => Promise<Caller>;

type ClaimRules = Pick<ConsultServerConfig, 'audience'> & ConsultServerConfig['ticket'];

/**
 * One issuer's signature and claim checks. HS256 is verified synchronously with node:crypto (see
 * `hs256-verifier.ts`); ES256/EdDSA keys and JWKS sets go through jose, with the same claim rules.
 */
async function issuerVerifier(issuer: IssuerConfig, rules: ClaimRules) {
  if (issuer.algorithms.includes('HS256')) {
    return createHs256Verifier(issuer.secret!, { issuer: issuer.issuer, ...rules });
  }
  const key = await loadIssuerKey(issuer);
  return async (token: string, now: Date) => {
    const options = {
      algorithms: issuer.algorithms,
      issuer: issuer.issuer,
      audience: rules.audience,
      typ: TICKET_TYPE,
      maxTokenAge: rules.maxAgeSeconds,
      clockTolerance: rules.clockToleranceSeconds,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    };
    // Overloads differ for a key and a key getter; the runtime call is the same.
    return typeof key === 'function'
      ? (await jwtVerify(token, key, options)).payload
      : (await jwtVerify(token, key, options)).payload;
  };
}

export async function createTicketVerifier(
  config: Pick<ConsultServerConfig, 'issuers' | 'audience' | 'ticket'>,
  store: ConsultStore,
  now: () => Date = () => new Date(),
): Promise<TicketVerifier> {
  const { clockToleranceSeconds } = config.ticket;
  const issuers = new Map<
    string,
    {
      verify: (token: string, now: Date) => JWTPayload | Promise<JWTPayload>;
      patientScope: IssuerConfig['patientScope'];
    }
  >();
  for (const issuer of config.issuers) {
    issuers.set(issuer.issuer, {
      verify: await issuerVerifier(issuer, { audience: config.audience, ...config.ticket }),
      patientScope: issuer.patientScope,
    });
  }

  return async (authorization) => {
    // Auth schemes are case-insensitive (RFC 9110 §11.1): `bearer` is as good as `Bearer`.
    const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i.exec(authorization ?? '');
    if (!authorization) throw refuse('ticket-missing', 'no Authorization header');
    if (!match) throw refuse('ticket-invalid', 'not a Bearer JWT');
    const token = match[1]!;

    let payload: JWTPayload;
    let patientScope: IssuerConfig['patientScope'];
    try {
      // The issuer decides which key and algorithms apply; the unverified `iss` only picks the issuer.
      const claimedIssuer = decodeJwt(token).iss;
      const issuer = claimedIssuer === undefined ? undefined : issuers.get(claimedIssuer);
      if (!issuer) throw refuse('ticket-wrong-issuer', 'unknown issuer');
      patientScope = issuer.patientScope;
      payload = await issuer.verify(token, now());
    } catch (error) {
      throw classify(error);
    }

    const claims = v.safeParse(ClaimsSchema, payload);
    if (!claims.success) throw refuse('ticket-invalid', `claims: ${v.getDotPath(claims.issues[0])}`);
    // Object-level authorization must not hang on every portal remembering an optional claim.
    if (
      claims.output.role === 'patient' &&
      claims.output.appointment === undefined &&
      patientScope !== 'any'
    ) {
      throw new ProblemError(
        'ticket-invalid',
        'A patient ticket must carry an appointment claim (the one visit it may join).',
        { reason: 'claims: patient without appointment' },
      );
    }
    const expiresAt = new Date((payload.exp! + clockToleranceSeconds) * 1000);
    if (!(await store.rememberTicketId(payload.iss!, claims.output.jti, expiresAt, now()))) {
      throw refuse('ticket-replayed', 'jti seen before');
    }
    const { sub, role, name, appointment, patientKind } = claims.output;
    return { issuer: payload.iss!, subject: sub, role, name, appointment, patientKind };
  };
}
