import type { ConformanceArea } from '../../types.js';
import { REST_DOC, SPEC } from './docs.js';

const MAT = { message: 'Missing Authentication Token' };

/** Invoke URLs `/{stage}/…`, the 403 answers for what does not exist, and the headers every answer carries. */
export const restInvocation: ConformanceArea = {
  area: 'rest: invocation',
  cases: [
    { name: 'a method is invoked under its stage: /{stage}/path', doc: REST_DOC.invoke, request: { path: '/prod/items' }, expect: { status: 200, upstream: { url: '/items' } } },
    { name: 'an unknown stage answers 403 Forbidden', doc: REST_DOC.forbidden, request: { path: '/staging/items' }, expect: { status: 403, json: { message: 'Forbidden' }, headers: { 'x-amzn-errortype': 'ForbiddenException' } } },
    { name: 'no stage at all answers 403 Forbidden', doc: REST_DOC.forbidden, request: { path: '/' }, expect: { status: 403, json: { message: 'Forbidden' } } },
    { name: 'a path with no resource answers 403 Missing Authentication Token', doc: REST_DOC.responses, request: { path: '/prod/nothing/here/at/all' , method: 'PATCH' }, expect: { status: 403, json: MAT, headers: { 'x-amzn-errortype': 'MissingAuthenticationTokenException' } } },
    { name: 'a resource without the method answers 403 Missing Authentication Token', doc: REST_DOC.responses, request: { method: 'DELETE', path: '/prod/limited' }, expect: { status: 403, json: MAT } },
    { name: 'the stage root without a method answers 403 Missing Authentication Token', doc: REST_DOC.responses, request: { path: '/prod/' }, expect: { status: 403, json: MAT } },
    { name: 'every answer carries x-amzn-RequestId (a UUID) and x-amz-apigw-id', doc: REST_DOC.knownIssues, request: { path: '/prod/items' }, expect: { status: 200, headers: { 'x-amzn-requestid': /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'x-amz-apigw-id': /^[A-Za-z0-9+/]{15}=$/ } } },
    { name: 'errors carry the request id headers too', doc: REST_DOC.responses, request: { path: '/prod/nothing' , method: 'PUT' }, expect: { status: 403, headers: { 'x-amzn-requestid': /^[0-9a-f-]{36}$/, 'x-amz-apigw-id': /=$/ } } },
    { name: 'answers carry an X-Amzn-Trace-Id Root', doc: 'https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html', request: { path: '/prod/items' }, expect: { status: 200, headers: { 'x-amzn-trace-id': /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/ } } },
    { name: 'a second REST API is reached by Host {apiId}.execute-api…', doc: REST_DOC.invoke, request: { path: '/live/pets', headers: { host: '{api:spec-shop}.execute-api.localhost' } }, expect: { status: 200, upstream: { url: '/pets' } } },
    { name: 'or by the /restapis/{apiId} path prefix', doc: REST_DOC.invoke, request: { path: `${SPEC}/pets` }, expect: { status: 200, upstream: { url: '/pets' } } },
    { name: 'each API has only its own stages', doc: REST_DOC.forbidden, request: { path: '/restapis/{api:spec-shop}/prod/pets' }, expect: { status: 403, json: { message: 'Forbidden' } } },
  ],
};
