import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Route selection: most specific match wins; explicit method over ANY; `{proxy+}` last; no match → 404. */
export const routes: ConformanceArea = {
  area: 'routes',
  cases: [
    { name: 'a literal route outranks a path variable at the same depth', doc: DOC.routes, request: { path: '/items/special' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'GET /items/special' } } } },
    { name: 'a path variable matches one whole segment', doc: DOC.routes, request: { path: '/items/7' }, expect: { status: 200, upstream: { url: '/items/7', headers: { 'x-route-key': 'GET /items/{id}' } } } },
    { name: 'an explicit method outranks ANY on the same path', doc: DOC.routes, request: { method: 'GET', path: '/items/8' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'GET /items/{id}' } } } },
    { name: 'ANY catches the other methods of the path', doc: DOC.routes, request: { method: 'DELETE', path: '/items/8' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'ANY /items/{id}' } } } },
    { name: 'a greedy {proxy+} route catches deeper paths', doc: DOC.routes, request: { path: '/items/7/reviews' }, expect: { status: 200, upstream: { url: '/items/7/reviews', headers: { 'x-route-key': 'ANY /{proxy+}' } } } },
    { name: 'the query string is passed through untouched', doc: DOC.routes, request: { path: '/items/7?b=2&a=1&a=3' }, expect: { status: 200, upstream: { url: '/items/7?b=2&a=1&a=3' } } },
    { name: '{proxy+} does not match the root path: no route → 404 Not Found', doc: DOC.routes, request: { path: '/' }, expect: { status: 404, json: { message: 'Not Found' }, headers: { 'apigw-requestid': /^[A-Za-z0-9+/=]+$/ } } },
    { name: 'route paths are case-sensitive', doc: DOC.routes, request: { path: '/ITEMS/special' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'ANY /{proxy+}' } } } },
  ],
};
