import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

/** Stage throttling (MethodSettings), Cognito user pool authorizers and IAM methods. */
export const restGuards: ConformanceArea = {
  area: 'rest: throttling and authorization',
  cases: [
    { name: 'MethodSettings throttling: past the burst → 429 Too Many Requests', doc: REST_DOC.throttling, request: { path: '/prod/limited', repeat: 4 }, expect: { status: [200, 200, 429, 429], json: { message: 'Too Many Requests' }, headers: { 'x-amzn-errortype': 'TooManyRequestsException' } } },
    { name: 'a Cognito method without a token → 401 Unauthorized', doc: REST_DOC.cognito, request: { path: '/prod/secure' }, expect: { status: 401, json: { message: 'Unauthorized' }, headers: { 'x-amzn-errortype': 'UnauthorizedException' } } },
    { name: 'an ID token of the pool is let through and its claims are in $context', doc: REST_DOC.cognito, request: { path: '/prod/secure', token: { sub: 'ada', claims: { token_use: 'id' } } }, expect: { status: 200, upstream: { url: '/secure' } } },
    { name: 'an access token where the method has no scopes → 401', doc: REST_DOC.cognito, request: { path: '/prod/secure', token: { claims: { token_use: 'access' } } }, expect: { status: 401, json: { message: 'Unauthorized' } } },
    { name: 'a method with scopes takes an access token holding one of them', doc: REST_DOC.cognito, request: { path: '/prod/scoped', token: { scope: ['orders/read'], claims: { token_use: 'access' } } }, expect: { status: 200, upstream: { url: '/scoped' } } },
    { name: 'an access token without the method’s scopes → 401', doc: REST_DOC.cognito, request: { path: '/prod/scoped', token: { scope: ['orders/write'], claims: { token_use: 'access' } } }, expect: { status: 401, json: { message: 'Unauthorized' } } },
    { name: 'an ID token on a method with scopes → 401', doc: REST_DOC.cognito, request: { path: '/prod/scoped', token: { claims: { token_use: 'id' } } }, expect: { status: 401 } },
    { name: 'an expired token → 401', doc: 'https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized', request: { path: '/prod/secure', token: { claims: { token_use: 'id' }, expiresInSeconds: -60 } }, expect: { status: 401 } },
    { name: 'a token from another issuer → 401', doc: 'https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized', request: { path: '/prod/secure', token: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other', claims: { token_use: 'id' } } }, expect: { status: 401 } },
    { name: 'an unsigned call to an AWS_IAM method → 403 Missing Authentication Token', doc: REST_DOC.responses, request: { path: '/prod/iam' }, expect: { status: 403, json: { message: 'Missing Authentication Token' } } },
  ],
};
