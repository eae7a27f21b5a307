import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Stages: `$default` at the root, a named stage as the first segment, forwarded with that segment. */
export const stages: ConformanceArea = {
  area: 'stages',
  cases: [
    { name: 'the $default stage serves from the root of the URL', doc: DOC.stages, request: { path: '/items/1' }, expect: { status: 200, upstream: { url: '/items/1' } } },
    { name: 'a named stage is the first path segment; routes match after it', doc: DOC.stages, request: { path: '/v1/items/1' }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'GET /items/{id}' } } } },
    { name: 'a private integration receives the stage segment in the path', doc: DOC.privateIntegrations, request: { path: '/v1/items/1' }, expect: { status: 200, upstream: { url: '/v1/items/1' } } },
    { name: 'stage variables reach parameter mappings of that stage only', doc: DOC.stages, request: { path: '/v1/mapped/200' }, expect: { status: 200, upstream: { headers: { 'x-flavour': 'vanilla' } } } },
    { name: 'a stage without the variable maps nothing', doc: DOC.stages, request: { path: '/mapped/200' }, expect: { status: 200, upstream: { headers: { 'x-flavour': null } } } },
    { name: '$request.path excludes the stage segment', doc: DOC.mapping, request: { path: '/v1/mapped/200' }, expect: { status: 200, upstream: { url: '/status/200?source=gateway' } } },
  ],
};
