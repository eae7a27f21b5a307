/** CORS policy from CorsConfiguration: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorsPolicy } from '../../src/gateway/cors.js';
import type { CorsPlan } from '../../src/plan/types.js';

const base: CorsPlan = { allowOrigins: ['https://a.example'], allowMethods: ['GET', 'post'], allowHeaders: ['Content-Type'], exposeHeaders: ['x-id'], maxAge: 60, allowCredentials: false };

test('a preflight needs OPTIONS, Origin and Access-Control-Request-Method', () => {
  const cors = new CorsPolicy(base);
  assert.equal(cors.isPreflight('OPTIONS', { origin: 'x', 'access-control-request-method': 'GET' }), true);
  assert.equal(cors.isPreflight('OPTIONS', { origin: 'x' }), false);
  assert.equal(cors.isPreflight('GET', { origin: 'x', 'access-control-request-method': 'GET' }), false);
});

test('preflight headers list the configuration for an allowed origin, matched case-insensitively', () => {
  const headers = new CorsPolicy(base).preflightHeaders({ origin: 'https://A.example', 'access-control-request-method': 'GET' });
  assert.deepEqual(headers, {
    'access-control-allow-origin': 'https://A.example',
    'access-control-allow-methods': 'GET,POST',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '60',
    'access-control-expose-headers': 'x-id',
  });
});

test('an origin that is not allowed gets no CORS headers', () => {
  assert.deepEqual(new CorsPolicy(base).preflightHeaders({ origin: 'https://b.example', 'access-control-request-method': 'GET' }), {});
});

test('wildcards: * origin answers *, and * methods/headers echo what was requested', () => {
  const cors = new CorsPolicy({ ...base, allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'] });
  const headers = cors.preflightHeaders({ origin: 'https://b.example', 'access-control-request-method': 'patch', 'access-control-request-headers': 'x-a, x-b' });
  assert.equal(headers['access-control-allow-origin'], '*');
  assert.equal(headers['access-control-allow-methods'], 'PATCH');
  assert.equal(headers['access-control-allow-headers'], 'x-a, x-b');
});

test('with credentials, a * origin answers the request origin (browsers refuse * with credentials)', () => {
  const cors = new CorsPolicy({ ...base, allowOrigins: ['*'], allowCredentials: true });
  const headers = cors.decorate({}, 'https://b.example');
  assert.equal(headers['access-control-allow-origin'], 'https://b.example');
  assert.equal(headers['access-control-allow-credentials'], 'true');
});

test('decorate replaces the backend CORS headers and keeps the rest', () => {
  const cors = new CorsPolicy(base);
  const backend = { 'content-type': 'text/plain', 'access-control-allow-origin': '*', 'access-control-allow-methods': 'DELETE' };
  assert.deepEqual(cors.decorate(backend, 'https://a.example'), { 'content-type': 'text/plain', 'access-control-allow-origin': 'https://a.example', 'access-control-expose-headers': 'x-id' });
  assert.deepEqual(cors.decorate(backend, undefined), { 'content-type': 'text/plain' });
});
