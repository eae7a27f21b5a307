import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

const UNAUTHORIZED = { message: 'Unauthorized' };
const invalid = (description: string) => ({ 'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"` });

/** JWT authorizers: signature, iss, aud/client_id, exp/nbf, scopes; 401 with www-authenticate, 403 on scopes. */
export const authorizers: ConformanceArea = {
  area: 'authorizers',
  cases: [
    { name: 'no token → 401 Unauthorized', doc: DOC.jwt, request: { path: '/secure/1' }, expect: { status: 401, json: UNAUTHORIZED, headers: { 'www-authenticate': 'Bearer' } } },
    { name: 'a valid token with the Bearer prefix is accepted', doc: DOC.jwt, request: { path: '/secure/1', token: {} }, expect: { status: 200, upstream: { url: '/secure/1' } } },
    { name: 'a bare token (no Bearer prefix) is accepted', doc: DOC.jwt, request: { path: '/secure/1', token: { bare: true } }, expect: { status: 200 } },
    { name: 'the Authorization header still reaches the integration', doc: DOC.jwt, request: { path: '/secure/1', token: {} }, expect: { status: 200, upstream: { headers: { authorization: /^Bearer ey/ } } } },
    { name: 'an audience that is not configured → 401', doc: DOC.jwtTroubleshooting, request: { path: '/secure/1', token: { aud: ['someone-else'] } }, expect: { status: 401, json: UNAUTHORIZED, headers: invalid('the token does not have a valid audience') } },
    { name: 'client_id is checked when there is no aud', doc: DOC.jwt, request: { path: '/secure/1', token: { clientId: 'edge-client' } }, expect: { status: 200 } },
    { name: 'when aud is present, client_id is not considered', doc: DOC.jwtTroubleshooting, request: { path: '/secure/1', token: { aud: ['someone-else'], clientId: 'edge-client' } }, expect: { status: 401, headers: invalid('the token does not have a valid audience') } },
    { name: 'a different issuer → 401', doc: DOC.jwt, request: { path: '/secure/1', token: { iss: 'https://other.example.com' } }, expect: { status: 401, headers: invalid('the token does not have a valid issuer') } },
    { name: 'an expired token → 401', doc: DOC.jwt, request: { path: '/secure/1', token: { expiresInSeconds: -60 } }, expect: { status: 401, headers: invalid('the token has expired') } },
    { name: 'a token not valid yet (nbf in the future) → 401', doc: DOC.jwt, request: { path: '/secure/1', token: { notBeforeInSeconds: 300 } }, expect: { status: 401, headers: invalid('the token is not valid yet') } },
    { name: 'a signature by a key the issuer did not publish → 401', doc: DOC.jwt, request: { path: '/secure/1', token: { forged: true } }, expect: { status: 401, headers: invalid('the token signature is invalid') } },
    { name: 'a malformed token → 401', doc: DOC.jwt, request: { path: '/secure/1', headers: { authorization: 'Bearer not.a.jwt' } }, expect: { status: 401, json: UNAUTHORIZED } },
    { name: 'a route scope missing from the token → 403 Forbidden', doc: DOC.jwt, request: { path: '/scoped', token: { scope: ['items/write'] } }, expect: { status: 403, json: { message: 'Forbidden' }, headers: { 'www-authenticate': /error="insufficient_scope"/ } } },
    { name: 'one of the route scopes in `scope` is enough', doc: DOC.jwt, request: { path: '/scoped', token: { scope: ['items/write', 'items/read'] } }, expect: { status: 200 } },
    { name: 'scopes may come as an `scp` array', doc: DOC.jwt, request: { path: '/scoped', token: { scp: ['items/read'] } }, expect: { status: 200 } },
    { name: 'keys of a remote issuer come from its discovery document and jwks_uri', doc: DOC.jwt, request: { path: '/remote', token: { issuer: 'remote' } }, expect: { status: 200 } },
    { name: 'a token from another issuer is refused by the remote authorizer', doc: DOC.jwt, request: { path: '/remote', token: {} }, expect: { status: 401 } },
    { name: 'claims reach the integration through parameter mapping ($context.authorizer.claims)', doc: DOC.mapping, request: { path: '/me', token: { sub: 'alice' } }, expect: { status: 200, upstream: { headers: { 'x-user': 'alice' } } } },
  ],
};
