import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

/** HTTP_PROXY: what the backend receives and what comes back. */
export const restHttpIntegrations: ConformanceArea = {
  area: 'rest: HTTP_PROXY integrations',
  cases: [
    { name: 'the query string is passed through', doc: REST_DOC.httpIntegrations, request: { path: '/prod/items?b=2&a=1&a=3' }, expect: { status: 200, upstream: { url: '/items?b=2&a=1&a=3' } } },
    { name: 'Host towards the backend is the integration URI’s', doc: REST_DOC.knownIssues, request: { path: '/prod/items', headers: { host: 'client.example' } }, expect: { status: 200, upstream: { headers: { host: /^127\.0\.0\.1:\d+$/ } } } },
    { name: 'client headers are passed through, Via and Expect-like headers dropped', doc: REST_DOC.knownIssues, request: { path: '/prod/items', headers: { 'x-custom': 'kept', via: '1.1 proxy', 'max-forwards': '3' } }, expect: { status: 200, upstream: { headers: { 'x-custom': 'kept', via: null, 'max-forwards': null } } } },
    { name: 'the backend’s Server header comes back as X-Amzn-Remapped-Server', doc: REST_DOC.knownIssues, request: { path: '/prod/items' }, expect: { status: 200, headers: { 'x-amzn-remapped-server': 'echo-server/1.0', server: null, 'x-backend': 'echo' } } },
    { name: 'the client’s method and body reach the backend', doc: REST_DOC.httpIntegrations, request: { method: 'POST', path: '/prod/deep/anything', headers: { 'content-type': 'text/plain' }, body: 'hello' }, expect: { status: 200, check: (body) => ((body as { method: string; body: string }).method === 'POST' && (body as { body: string }).body === 'hello' ? undefined : JSON.stringify(body)) } },
    { name: 'a backend error status is relayed as is', doc: REST_DOC.httpIntegrations, request: { path: '/prod/deep/status/418' }, expect: { status: 418, upstream: { url: '/deep/status/418' } } },
    { name: 'stage variables fill the integration URI', doc: REST_DOC.stageVariables, request: { path: '/prod/staged' }, expect: { status: 200, upstream: { url: '/items/staged' } } },
    { name: 'an integration slower than its timeout answers 504 Endpoint request timed out', doc: REST_DOC.timeout, request: { path: '/prod/slow' }, expect: { status: 504, json: { message: 'Endpoint request timed out' } } },
  ],
};
