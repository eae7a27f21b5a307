import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

/** Gateway responses (customised through DEFAULT_4XX), payload limits and access logs. */
export const restGatewayResponses: ConformanceArea = {
  area: 'rest: gateway responses and logs',
  cases: [
    { name: 'a DEFAULT_4XX header reaches every 4xx type without its own setting', doc: REST_DOC.gatewayResponses, request: { path: '/prod/nothing', method: 'PUT' }, expect: { status: 403, headers: { 'x-gateway-response': 'default-4xx' } } },
    { name: 'DEFAULT_4XX does not touch 5xx answers', doc: REST_DOC.gatewayResponses, request: { path: '/prod/mock/nodefault' }, expect: { status: 500, headers: { 'x-gateway-response': null } } },
    { name: 'a body over 10 MB (by Content-Length) → 413', doc: REST_DOC.limits, request: { method: 'POST', path: '/prod/deep/anything', headers: { 'content-length': String(10 * 1024 * 1024 + 1) } }, expect: { status: 413, headers: { 'x-amzn-errortype': 'RequestTooLargeException' } } },
    { name: 'each request is logged in the stage’s format', doc: REST_DOC.accessLogs, request: { path: '/prod/items/9' }, expect: { status: 200, accessLog: { resource: '/items/{id}', status: '200', stage: 'prod' } } },
    { name: 'a gateway answer is logged with its response type', doc: REST_DOC.accessLogs, request: { path: '/prod/nothing', method: 'PUT' }, expect: { status: 403, accessLog: { status: '403', error: 'MISSING_AUTHENTICATION_TOKEN' } } },
  ],
};
