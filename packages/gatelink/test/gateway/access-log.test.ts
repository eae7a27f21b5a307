/** Access-log formats: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { AccessLogFormat } from '../../src/gateway/access-log.js';
import { clfTime, RequestContext } from '../../src/gateway/context.js';

function context(): RequestContext {
  const req = { method: 'POST', httpVersion: '1.1', headers: { 'user-agent': 'curl/8' }, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
  const ctx = new RequestContext({ requestId: 'Q1', apiId: 'api1', accountId: '1', req, path: '/pets' });
  ctx.status = 201;
  ctx.routeKey = 'POST /pets';
  return ctx;
}

test('a JSON format is rendered with the values, - for variables without one', () => {
  const format = new AccessLogFormat('{"id":"$context.requestId","route":"$context.routeKey","status":"$context.status","err":"$context.integrationErrorMessage"}');
  assert.deepEqual(JSON.parse(format.render(context())), { id: 'Q1', route: 'POST /pets', status: '201', err: '-' });
});

test('text around and between variables is kept, including a trailing dot', () => {
  assert.equal(new AccessLogFormat('$context.httpMethod $context.path by $context.identity.userAgent.').render(context()), 'POST /pets by curl/8.');
});

test('requestTime is in Common Log Format, UTC', () => {
  assert.equal(clfTime(new Date(Date.UTC(2026, 10, 3, 4, 5, 6))), '03/Nov/2026:04:05:06 +0000');
});

test('claims are read per request; unknown names, and names only Object.prototype has, render as -', () => {
  const format = new AccessLogFormat('$context.authorizer.claims.sub|$context.nope|$context.toString|$context.constructor|$context.requestTimeEpoch');
  const first = context();
  first.claims = { sub: 'alice' };
  const second = context();
  second.claims = { sub: 'bob' };
  assert.equal(format.render(first), `alice|-|-|-|${first.startedAtMs}`);
  assert.equal(format.render(second).split('|')[0], 'bob', 'the same compiled format reads each request’s own claims');
});
