/**
 * COGNITO_USER_POOLS authorizers: the token from the identity source (usually `Authorization`), an RSA
 * signature checked against the pool's keys, `iss` one of the authorizer's pools, not expired. A method
 * without scopes takes an ID token; with scopes an access token holding one of them. Any failure is
 * 401 Unauthorized. gatelink's local issuer (`gatelink token`) stands in for every user pool, since no
 * pool is reachable offline; its tokens may leave out `token_use`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 * Undocumented: a `Bearer ` prefix — gatelink strips it.
 */
import type { JWTPayload } from 'jose';
import type { IssuerKeys } from '../gateway/auth/keys.js';
import { LOCAL_ISSUER } from '../issuer/local-issuer.js';
import type { RestAuthorizerPlan, RestMethodPlan } from '../plan/types.js';

export type CognitoOutcome = { readonly allowed: true; readonly claims: JWTPayload } | { readonly allowed: false; readonly reason: string };

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export async function authorizeCognito(authorizer: RestAuthorizerPlan, method: RestMethodPlan, token: string | undefined, keys: IssuerKeys): Promise<CognitoOutcome> {
  const raw = token?.trim().replace(/^bearer\s+/i, '');
  if (!raw) return { allowed: false, reason: 'no token in the identity source' };
  const jose = await import('jose');
  let issuer: string;
  try {
    issuer = String(jose.decodeJwt(raw).iss ?? '');
  } catch {
    return { allowed: false, reason: 'the token is malformed' };
  }
  const local = issuer === LOCAL_ISSUER;
  if (!local && !authorizer.issuers.includes(issuer)) return { allowed: false, reason: `the token's issuer ${issuer} is not a user pool of authorizer ${authorizer.name}` };
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jose.jwtVerify(raw, await keys.forIssuer(issuer), { algorithms: RSA_ALGORITHMS, issuer }));
  } catch (error) {
    return { allowed: false, reason: `the token is not valid: ${error instanceof Error ? error.message : String(error)}` };
  }
  return checkUse(claims, method, local);
}

function checkUse(claims: JWTPayload, method: RestMethodPlan, local: boolean): CognitoOutcome {
  const use = claims.token_use;
  const scopes = method.authorizationScopes;
  if (scopes.length === 0) {
    if (use === 'id' || (local && use === undefined)) return { allowed: true, claims };
    return { allowed: false, reason: 'the method has no scopes, so it takes an ID token' };
  }
  if (use !== 'access' && !(local && use === undefined)) return { allowed: false, reason: 'the method has scopes, so it takes an access token' };
  const granted = new Set(typeof claims.scope === 'string' ? claims.scope.split(' ') : []);
  return scopes.some((scope) => granted.has(scope)) ? { allowed: true, claims } : { allowed: false, reason: `the token has none of the scopes ${scopes.join(', ')}` };
}
