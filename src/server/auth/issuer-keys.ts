import {
  createRemoteJWKSet,
  importJWK,
  importSPKI,
  type JWK,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import type { IssuerConfig } from '../config.js';

export type VerificationKey = CryptoKey | JWTVerifyGetKey;

/**
 * Resolves the public key material of an ES256/EdDSA issuer once, at start (HS256 issuers are verified
 * with node:crypto, see `hs256-verifier.ts`). JWKS sets are fetched lazily and cached by jose (with its
 * cooldown), so a rotating portal key is picked up without a restart.
 */
export async function loadIssuerKey(issuer: IssuerConfig): Promise<VerificationKey> {
  const alg = issuer.algorithms[0]!;
  if (issuer.jwksUrl) return createRemoteJWKSet(new URL(issuer.jwksUrl), { timeoutDuration: 5000 });
  if (issuer.publicKeyJwk) {
    const jwk = issuer.publicKeyJwk as JWK;
    if (jwk.d !== undefined || jwk.k !== undefined) {
      throw new Error(`issuer ${issuer.issuer}: publicKeyJwk must be a public key (it has private parts)`);
    }
    return (await importJWK(jwk, jwk.alg ?? alg)) as CryptoKey;
  }
  return importSPKI(issuer.publicKeyPem!, alg);
}
