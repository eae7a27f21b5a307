import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Parameter mapping: path overwrite, header and query string append/overwrite/remove, response mapping by status. */
export const mapping: ConformanceArea = {
  area: 'mapping',
  cases: [
    { name: 'overwrite:path with $request.path.<param>', doc: DOC.mapping, request: { path: '/mapped/200' }, expect: { status: 200, upstream: { url: '/status/200?source=gateway' } } },
    { name: 'append:querystring adds, remove:querystring drops, others pass', doc: DOC.mapping, request: { path: '/mapped/200?drop=1&keep=2' }, expect: { status: 200, upstream: { url: '/status/200?keep=2&source=gateway' } } },
    { name: 'remove:header drops a client header', doc: DOC.mapping, request: { path: '/mapped/200', headers: { 'x-secret': 's3cret' } }, expect: { status: 200, upstream: { headers: { 'x-secret': null } } } },
    { name: 'append:header with $context.routeKey', doc: DOC.mapping, request: { path: '/mapped/200' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'GET /mapped/{id}' } } } },
    { name: 'append:header appends to a value the client sent', doc: DOC.mapping, request: { path: '/items/1', headers: { 'x-route-key': 'client' } }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'client,GET /items/{id}' } } } },
    { name: 'response mapping: overwrite:statuscode for the integration’s 404', doc: DOC.mapping, request: { path: '/mapped/404' }, expect: { status: 410, headers: { 'x-mapped': 'gone-$default' } } },
    { name: 'response mapping values read $context (the stage)', doc: DOC.mapping, request: { path: '/v1/mapped/404' }, expect: { status: 410, headers: { 'x-mapped': 'gone-v1' } } },
    { name: 'response mapping: remove:header for the integration’s 200', doc: DOC.mapping, request: { path: '/mapped/200' }, expect: { status: 200, headers: { 'x-backend': null, 'x-echo-task': /.+/ } } },
    { name: 'statuses without a mapping pass through unchanged', doc: DOC.mapping, request: { path: '/mapped/500' }, expect: { status: 500, headers: { 'x-backend': 'echo' } } },
  ],
};
