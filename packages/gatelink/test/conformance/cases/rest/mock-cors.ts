import type { ConformanceArea } from '../../types.js';
import { REST_DOC } from './docs.js';

const ORIGIN = 'https://app.example.com';

/** MOCK integrations, and the preflights CDK's defaultCorsPreflightOptions builds from them. */
export const restMockAndCors: ConformanceArea = {
  area: 'rest: MOCK and CORS',
  cases: [
    {
      name: 'a CDK CORS preflight answers 204 with the configured headers',
      doc: REST_DOC.cors,
      request: { method: 'OPTIONS', path: '/prod/items', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } },
      expect: { status: 204, headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD', 'access-control-allow-headers': 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent', vary: 'Origin' } },
    },
    { name: 'preflights need no API key on a key-protected resource', doc: REST_DOC.cors, request: { method: 'OPTIONS', path: '/prod/keyed', headers: { origin: ORIGIN } }, expect: { status: 204, headers: { 'access-control-allow-origin': ORIGIN } } },
    { name: 'the root resource has a preflight too', doc: REST_DOC.cors, request: { method: 'OPTIONS', path: '/prod/' }, expect: { status: 204, headers: { 'access-control-allow-origin': ORIGIN } } },
    {
      name: 'a MOCK response template reads $context, $stageVariables, $input.params and $util',
      doc: REST_DOC.templates,
      request: { path: '/prod/mock?q=a%20b' },
      expect: { status: 200, json: { stage: 'prod', flavour: 'vanilla', q: 'a b', resource: '/mock', method: 'GET', encoded: 'a+b', b64: 'aGk=' }, headers: { 'x-static': 'fixed', 'content-type': 'application/json' } },
    },
    { name: 'the request template’s statusCode selects the integration response', doc: REST_DOC.mock, request: { path: '/prod/mock/status?code=404' }, expect: { status: 404, json: { message: 'no such thing' } } },
    { name: 'selection patterns are regular expressions over the status', doc: REST_DOC.integrationResponses, request: { path: '/prod/mock/status?code=503' }, expect: { status: 500, json: { message: 'backend failed' } } },
    { name: 'an unmatched status falls back to the default response', doc: REST_DOC.integrationResponses, request: { path: '/prod/mock/status?code=302' }, expect: { status: 200, json: { ok: true } } },
    { name: 'no matching and no default response → 500 Internal server error', doc: REST_DOC.responses, request: { path: '/prod/mock/nodefault' }, expect: { status: 500, json: { message: 'Internal server error' } } },
    { name: '$context.responseOverride sets the status and a header', doc: REST_DOC.overrides, request: { path: '/prod/mock/override' }, expect: { status: 418, json: { teapot: true }, headers: { 'x-override': 'yes' } } },
  ],
};
