import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** API Gateway's own answers: exact status and JSON body, each with apigw-requestid. */
export const errors: ConformanceArea = {
  area: 'errors',
  cases: [
    { name: 'an integration slower than TimeoutInMillis → 503 Service Unavailable', doc: DOC.quotas, request: { path: '/slow' }, expect: { status: 503, json: { message: 'Service Unavailable' }, headers: { 'apigw-requestid': /.+/ } } },
    { name: 'request line and headers over 10,240 bytes are refused', doc: DOC.quotas, request: { path: '/items/1', headers: { 'x-big': 'a'.repeat(10_300) } }, expect: { status: 431, json: { message: 'Request Header Fields Too Large' } } },
    { name: 'a body declared over 10 MB is refused before it is read', doc: DOC.quotas, request: { method: 'POST', path: '/items/1', headers: { 'content-length': String(10 * 1024 * 1024 + 1) } }, expect: { status: 413, json: { message: 'Request Entity Too Large' } } },
    { name: 'a 5xx from the integration is passed through as is', doc: DOC.privateIntegrations, request: { path: '/things/status/502' }, expect: { status: 502, headers: { 'x-backend': 'echo' } } },
    { name: 'every answer carries apigw-requestid', doc: DOC.routes, request: { path: '/items/1' }, expect: { status: 200, headers: { 'apigw-requestid': /^[A-Za-z0-9+/=]+$/ } } },
  ],
};
