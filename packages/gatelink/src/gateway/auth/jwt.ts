/**
 * JWT authorizers as HTTP APIs run them: the token from the identity source (bare or `Bearer `),
 * an RSA signature checked against the issuer's keys (matched by `kid`), then `iss`, `aud` (or
 * `client_id` when there is no `aud`), `exp`, `nbf`, `iat`, and at least one of the route's scopes in
 * `scope`/`scp`. Failures answer 401 with a `www-authenticate` header naming the reason; a valid token
 * without a required scope answers 403.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 */
import type { JWTPayload, errors as JoseErrors } from 'jose';
import type { AuthorizerPlan, RoutePlan } from '../../plan/types.js';
import type { IssuerKeys } from './keys.js';

/** Only RSA-based algorithms are supported by HTTP API JWT authorizers. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export type AuthOutcome =
  | { readonly allowed: true; readonly claims: JWTPayload }
  | { readonly allowed: false; readonly error: 'unauthorized' | 'forbidden'; readonly wwwAuthenticate: string; readonly reason: string };

/** Reads a request value named by an identity source such as `$request.header.Authorization`. */
export type IdentityReader = (source: string) => string | undefined;

export async function authorizeJwt(authorizer: AuthorizerPlan, route: RoutePlan, read: IdentityReader, keys: IssuerKeys): Promise<AuthOutcome> {
  const raw = read(authorizer.identitySource[0] ?? '$request.header.Authorization');
  if (!raw?.trim()) return deny(route, 'unauthorized', undefined, 'no token in the identity source');
  const token = raw.trim().replace(/^bearer\s+/i, '');
  // jose is loaded on the first authorized request, not on every gatelink start.
  const jose = await import('jose');
  let claims: JWTPayload;
  try {
    const getKey = await keys.forIssuer(authorizer.issuer ?? '');
    ({ payload: claims } = await jose.jwtVerify(token, getKey, { algorithms: RSA_ALGORITHMS, clockTolerance: 0 }));
  } catch (error) {
    return deny(route, 'unauthorized', 'invalid_token', verifyFailure(error, jose.errors));
  }
  const failure = claimFailure(claims, authorizer);
  if (failure) return deny(route, 'unauthorized', 'invalid_token', failure);
  if (route.authorizationScopes.length > 0 && !hasAnyScope(claims, route.authorizationScopes)) {
    return deny(route, 'forbidden', 'insufficient_scope', 'the token does not have any of the route scopes');
  }
  return { allowed: true, claims };
}

function claimFailure(claims: JWTPayload, authorizer: AuthorizerPlan): string | undefined {
  if (claims.iss !== authorizer.issuer) return 'the token does not have a valid issuer';
  const audiences = claims.aud !== undefined ? [claims.aud].flat() : typeof claims.client_id === 'string' ? [claims.client_id] : [];
  if (!audiences.some((audience) => authorizer.audience.includes(audience))) return 'the token does not have a valid audience';
  if (typeof claims.iat === 'number' && claims.iat * 1000 > Date.now()) return 'the token was issued in the future';
  return undefined;
}

function hasAnyScope(claims: JWTPayload, required: readonly string[]): boolean {
  const granted = new Set([...scopeList(claims.scope), ...scopeList(claims.scp)]);
  return required.some((scope) => granted.has(scope));
}

function scopeList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function verifyFailure(error: unknown, joseErrors: typeof JoseErrors): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') return 'the token is not valid yet';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches the token key id';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is malformed';
  return `the issuer's keys could not be fetched: ${error instanceof Error ? error.message : String(error)}`;
}

function deny(route: RoutePlan, error: 'unauthorized' | 'forbidden', code: string | undefined, reason: string): AuthOutcome {
  const scope = route.authorizationScopes.join(' ');
  const wwwAuthenticate = code ? `Bearer scope="${quotable(scope)}" error="${code}" error_description="${quotable(reason)}"` : 'Bearer';
  return { allowed: false, error, wwwAuthenticate, reason };
}

/** A header's quoted-string may hold printable ASCII only, without `"` or `\\`. */
function quotable(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, "'");
}
