import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

const ORIGIN = 'https://app.example.com';
const preflight = (origin: string, path = '/items/1') => ({ method: 'OPTIONS', path, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

/** CORS from CorsConfiguration: the gateway answers preflights itself and owns the CORS headers. */
export const cors: ConformanceArea = {
  area: 'cors',
  cases: [
    {
      name: 'a preflight is answered by the gateway with the configured headers',
      doc: DOC.cors,
      request: preflight(ORIGIN),
      expect: {
        status: 204,
        headers: {
          'access-control-allow-origin': ORIGIN,
          'access-control-allow-methods': 'GET,POST',
          'access-control-allow-headers': 'authorization,content-type',
          'access-control-max-age': '600',
          'access-control-allow-credentials': 'true',
          'x-echo-task': null,
        },
      },
    },
    { name: 'a preflight needs no OPTIONS route and skips the route’s authorizer', doc: DOC.cors, request: preflight(ORIGIN, '/secure/1'), expect: { status: 204, headers: { 'access-control-allow-origin': ORIGIN } } },
    { name: 'a preflight from an origin that is not allowed gets no CORS headers', doc: DOC.cors, request: preflight('https://evil.example'), expect: { status: 204, headers: { 'access-control-allow-origin': null, 'access-control-allow-methods': null } } },
    { name: 'OPTIONS without Access-Control-Request-Method is not a preflight: it is routed', doc: DOC.cors, request: { method: 'OPTIONS', path: '/items/1', headers: { origin: ORIGIN } }, expect: { status: 200, upstream: { headers: { 'x-route-key': 'ANY /items/{id}' } } } },
    {
      name: 'the backend’s CORS headers are replaced by the configured ones',
      doc: DOC.cors,
      request: { path: '/things/cors', headers: { origin: ORIGIN } },
      expect: { status: 200, headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': null, 'access-control-expose-headers': 'x-echo-task', 'access-control-allow-credentials': 'true' } },
    },
    { name: 'without Origin no CORS headers are returned, the backend’s included', doc: DOC.cors, request: { path: '/things/cors' }, expect: { status: 200, headers: { 'access-control-allow-origin': null, 'access-control-allow-methods': null } } },
  ],
};
