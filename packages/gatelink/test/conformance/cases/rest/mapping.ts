import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

const ORDER = JSON.stringify({ name: 'Ada', items: [1, 2, 3], note: 'say "hi"' });

/** HTTP (non-proxy) integrations: request/response templates, parameter mappings, passthrough. */
export const restMapping: ConformanceArea = {
  area: 'rest: mapping templates',
  cases: [
    {
      name: 'the request template builds the backend body ($input.json, $input.path, $util.escapeJavaScript)',
      doc: REST_DOC.templates,
      request: { method: 'POST', path: '/prod/transform?order=77', headers: { 'content-type': 'application/json' }, body: ORDER },
      expect: { status: 200, check: (body) => (JSON.stringify(JSON.parse((body as { backendSaw: string }).backendSaw)) === JSON.stringify({ customer: 'Ada', count: 3, escaped: 'say "hi"' }) ? undefined : JSON.stringify(body)) },
    },
    { name: 'path, query and header mappings shape the integration request', doc: REST_DOC.parameterMapping, request: { method: 'POST', path: '/prod/transform?order=77', headers: { 'content-type': 'application/json' }, body: ORDER }, expect: { status: 200, check: (body) => ((body as { path: string }).path === '/orders/77?source=gateway' ? undefined : JSON.stringify(body)) } },
    { name: 'response parameter mappings copy an integration response header', doc: REST_DOC.parameterMapping, request: { method: 'POST', path: '/prod/transform?order=1', headers: { 'content-type': 'application/json' }, body: ORDER }, expect: { status: 200, headers: { 'x-backend': 'echo' } } },
    { name: 'passthroughBehavior NEVER: a content type without a template → 415', doc: REST_DOC.passthrough, request: { method: 'POST', path: '/prod/transform?order=1', headers: { 'content-type': 'text/plain' }, body: 'x' }, expect: { status: 415, json: { message: 'Unsupported Media Type' } } },
    { name: 'no Content-Type counts as application/json', doc: REST_DOC.passthrough, request: { method: 'POST', path: '/prod/transform?order=5', body: ORDER }, expect: { status: 200 } },
    { name: 'WHEN_NO_MATCH passes an untemplated body through unchanged', doc: REST_DOC.passthrough, request: { method: 'POST', path: '/prod/passthrough', headers: { 'content-type': 'text/plain' }, body: 'raw body' }, expect: { status: 200, check: (body) => ((body as { body: string }).body === 'raw body' ? undefined : JSON.stringify(body)) } },
    { name: 'a non-proxy integration does not pass client headers through', doc: REST_DOC.parameterMapping, request: { method: 'POST', path: '/prod/passthrough', headers: { 'x-secret': 's' }, body: '{}' }, expect: { status: 200, upstream: { headers: { 'x-secret': null } } } },
    { name: 'integration responses always carry a Content-Type, application/json by default', doc: REST_DOC.knownIssues, request: { method: 'POST', path: '/prod/passthrough', body: '{}' }, expect: { status: 200, headers: { 'content-type': 'application/json' } } },
  ],
};
