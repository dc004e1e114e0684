/**
 * The `exp` claim of a vendor access token that happens to be a JWT, in epoch milliseconds; undefined
 * when the token is opaque or has no readable `exp`. The signature is not checked: the value only decides
 * when we stop reusing a token we were handed over TLS, and a wrong guess costs one 401 and a re-login.
 */
export const jwtExpiry = (token: string): number | undefined => {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || !('exp' in claims)) return undefined;
    const exp = Number(claims.exp);
    return Number.isFinite(exp) && exp > 0 ? Math.floor(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
};
