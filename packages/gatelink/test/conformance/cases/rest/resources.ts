import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

/** Resource matching: literal parts before {param}, {proxy+} for deeper paths, ANY for every method. */
export const restResources: ConformanceArea = {
  area: 'rest: resources',
  cases: [
    { name: 'a {param} resource passes its value on through the path mapping', doc: REST_DOC.httpIntegrations, request: { path: '/prod/items/42' }, expect: { status: 200, upstream: { url: '/items/42' } } },
    { name: 'a literal resource wins over a {param} sibling', doc: REST_DOC.httpIntegrations, request: { path: '/prod/items/special' }, expect: { status: 200, upstream: { url: '/special' } } },
    { name: 'a URL-encoded path value is decoded, then re-encoded into the integration URI', doc: REST_DOC.knownIssues, request: { path: '/prod/items/a%20b' }, expect: { status: 200, upstream: { url: '/items/a%20b' } } },
    { name: '{proxy+} takes deeper paths with ANY method', doc: REST_DOC.proxyResource, request: { method: 'DELETE', path: '/prod/deep/er/path' }, expect: { status: 200, check: (body) => ((body as { method: string; url: string }).method === 'DELETE' && (body as { url: string }).url === '/deep/er/path' ? undefined : JSON.stringify(body)) } },
    { name: '{proxy+} does not match its parent path: 403 Missing Authentication Token', doc: REST_DOC.httpIntegrations, request: { path: '/prod/deep' }, expect: { status: 403, json: { message: 'Missing Authentication Token' } } },
    { name: 'resource paths are case-sensitive: /ITEMS matches nothing', doc: REST_DOC.knownIssues, request: { path: '/prod/ITEMS' }, expect: { status: 403, json: { message: 'Missing Authentication Token' } } },
    { name: 'X-HTTP-Method-Override picks the method that is matched and sent', doc: REST_DOC.knownIssues, request: { method: 'POST', path: '/prod/deep/x', headers: { 'x-http-method-override': 'PATCH' } }, expect: { status: 200, check: (body) => ((body as { method: string }).method === 'PATCH' ? undefined : JSON.stringify(body)) } },
    { name: 'a trailing slash matches the same resource', doc: REST_DOC.proxyResource, request: { path: '/prod/mock/' }, expect: { status: 200, check: (body) => ((body as { resource: string }).resource === '/mock' ? undefined : JSON.stringify(body)) } },
  ],
};
