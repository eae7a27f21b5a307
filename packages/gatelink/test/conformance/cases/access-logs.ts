import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Access logs: the stage's AccessLogSettings.Format with $context variables, one line per request. */
export const accessLogs: ConformanceArea = {
  area: 'access-logs',
  cases: [
    { name: 'the stage format is rendered with the request’s $context values', doc: DOC.logging, request: { path: '/items/3' }, expect: { status: 200, accessLog: { route: 'GET /items/{id}', status: '200', stage: '$default' } } },
    { name: 'authorizer claims are available to the format', doc: DOC.logging, request: { path: '/me', token: { sub: 'carol' } }, expect: { status: 200, accessLog: { sub: 'carol', status: '200' } } },
    { name: 'variables without a value are logged as -', doc: DOC.logging, request: { path: '/items/4' }, expect: { status: 200, accessLog: { sub: '-', error: '-' } } },
    { name: 'gateway errors are logged with their status and integration error', doc: DOC.logging, request: { path: '/slow' }, expect: { status: 503, accessLog: { status: '503', error: 'integration did not answer within 1000 ms' } } },
  ],
};
