import { createVerifier, TokenError } from 'fast-jwt';
import { errors, type JWTPayload } from 'jose';
import { TICKET_TYPE } from '../../protocol/ticket.js';

export interface ClaimOptions {
  issuer: string;
  audience: string;
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
}

const REQUIRED = ['iss', 'aud', 'iat', 'sub', 'jti', 'exp'] as const;

const failed = (payload: JWTPayload, claim: string, reason: string, message: string) =>
  new errors.JWTClaimValidationFailed(message, payload, claim, reason);

function numericDate(payload: JWTPayload, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw failed(payload, claim, 'invalid', `"${claim}" claim must be a number`);
  return value;
}

/**
 * The claim checks `jwtVerify` makes with the options the ES256/EdDSA path passes it, throwing jose's own
 * error classes (same claim, same reason) so that one `classify` gives both paths the same stable codes.
 */
export function checkClaims(payload: JWTPayload, options: ClaimOptions, now: Date): void {
  for (const claim of REQUIRED) {
    if (!Object.hasOwn(payload, claim))
      throw failed(payload, claim, 'missing', `missing required "${claim}" claim`);
  }
  if (payload.iss !== options.issuer) throw failed(payload, 'iss', 'check_failed', 'unexpected "iss"');
  const { aud } = payload;
  if (
    !(typeof aud === 'string'
      ? aud === options.audience
      : Array.isArray(aud) && aud.includes(options.audience))
  )
    throw failed(payload, 'aud', 'check_failed', 'unexpected "aud"');
  const t = Math.floor(now.getTime() / 1000);
  const tolerance = options.clockToleranceSeconds;
  const iat = numericDate(payload, 'iat')!;
  const nbf = numericDate(payload, 'nbf');
  if (nbf !== undefined && nbf > t + tolerance)
    throw failed(payload, 'nbf', 'check_failed', '"nbf" check failed');
  const exp = numericDate(payload, 'exp')!;
  if (exp <= t - tolerance) throw new errors.JWTExpired('"exp" check failed', payload, 'exp', 'check_failed');
  const age = t - iat;
  if (age - tolerance > options.maxAgeSeconds)
    throw new errors.JWTExpired('"iat" too far in the past', payload, 'iat', 'check_failed');
  if (age < -tolerance) throw failed(payload, 'iat', 'check_failed', '"iat" in the future');
}

/** fast-jwt's refusals as the jose errors `jwtVerify` throws for the same fault. */
function asJoseError(error: TokenError, payload: JWTPayload): Error {
  switch (error.code) {
    case TokenError.codes.invalidAlgorithm:
    case TokenError.codes.missingSignature:
      return new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    case TokenError.codes.invalidSignature:
      return new errors.JWSSignatureVerificationFailed();
    case TokenError.codes.invalidType:
      return failed(payload, 'typ', 'check_failed', 'unexpected "typ" JWT header value');
    default:
      return new errors.JWSInvalid(error.code);
  }
}

/**
 * HS256 tickets verified synchronously with node:crypto's HMAC (through fast-jwt) rather than jose's
 * WebCrypto, whose async job was a quarter of a join's CPU. fast-jwt checks the JWS: algorithm pinned to
 * HS256 (no `none`, no other), signature compared in constant time, `typ` (normalized as jose does), and
 * no `crit` extension; its own time checks are off because the clock is ours (`checkClaims`).
 */
export function createHs256Verifier(secret: string, claims: ClaimOptions) {
  const verifyJws = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    checkTyp: TICKET_TYPE,
    ignoreExpiration: true,
    ignoreNotBefore: true,
    cache: false,
  });
  return (token: string, now: Date): JWTPayload => {
    let payload: JWTPayload;
    try {
      payload = verifyJws(token) as JWTPayload;
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      throw asJoseError(error, {});
    }
    checkClaims(payload, claims, now);
    return payload;
  };
}
