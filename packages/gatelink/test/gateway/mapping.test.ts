/** Parameter mapping: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { RequestContext } from '../../src/gateway/context.js';
import { RequestMapping } from '../../src/gateway/mapping/request.js';
import { ResponseMapping } from '../../src/gateway/mapping/response.js';
import { MappingValue } from '../../src/gateway/mapping/values.js';

function context(): RequestContext {
  const req = { method: 'GET', httpVersion: '1.1', headers: { host: 'abc.execute-api' }, socket: { remoteAddress: '::ffff:10.1.2.3' } } as unknown as IncomingMessage;
  const ctx = new RequestContext({ requestId: 'REQ1', apiId: 'abc', accountId: '123', req, path: '/v1/pets/7' });
  ctx.stage = 'v1';
  ctx.routeKey = 'GET /pets/{id}';
  ctx.pathParameters = { id: '7' };
  ctx.stageVariables = { env: 'test' };
  ctx.claims = { sub: 'alice', groups: ['a', 'b'] };
  return ctx;
}

test('values: static text, one reference, and references combined with ${...}', () => {
  const source = (ref: string) => ({ 'request.path': '/pets/7', 'context.requestId': 'R' })[ref];
  assert.equal(new MappingValue('static').evaluate(source), 'static');
  assert.equal(new MappingValue('$request.path').evaluate(source), '/pets/7');
  assert.equal(new MappingValue('/v2${request.path}?id=$context.requestId').evaluate(source), '/v2/pets/7?id=R');
  assert.equal(new MappingValue('$request.header.missing').evaluate(source), undefined);
});

test('request mapping: overwrite:path, headers and query strings appended, overwritten, removed', () => {
  const mapping = new RequestMapping({
    'overwrite:path': '/api$request.path',
    'append:header.x-user': '$context.authorizer.claims.sub',
    'overwrite:header.x-env': '$stageVariables.env',
    'remove:header.cookie': '',
    'append:querystring.tag': 'gw',
    'overwrite:querystring.page': '$request.querystring.p',
    'remove:querystring.debug': '',
  });
  const out = mapping.apply(
    { url: '/v1/pets/7?tag=client&debug=1&p=3', headers: { 'x-user': 'spoofed', 'x-env': 'prod', cookie: 'a=1' } },
    { headers: {}, query: new URLSearchParams('tag=client&debug=1&p=3'), routePath: '/pets/7', context: context() },
  );
  assert.equal(out.url, '/api/pets/7?tag=client&p=3&tag=gw&page=3');
  assert.deepEqual(out.headers, { 'x-user': 'spoofed,alice', 'x-env': 'test' });
});

test('request mapping: a value with nothing to read maps nothing', () => {
  const mapping = new RequestMapping({ 'overwrite:header.x-a': '$request.header.absent' });
  const out = mapping.apply({ url: '/', headers: {} }, { headers: {}, query: new URLSearchParams(), routePath: '/', context: context() });
  assert.deepEqual(out.headers, {});
});

test('response mapping applies to its status code only', () => {
  const mapping = new ResponseMapping({ '500': { 'overwrite:statuscode': '503', 'append:header.x-why': 'upstream-$response.header.x-code', 'remove:header.server': '' } });
  assert.deepEqual(mapping.apply({ statusCode: 500, headers: { server: 'x', 'x-code': 'E1' } }, context()), { statusCode: 503, headers: { 'x-code': 'E1', 'x-why': 'upstream-E1' } });
  assert.deepEqual(mapping.apply({ statusCode: 200, headers: { server: 'x' } }, context()), { statusCode: 200, headers: { server: 'x' } });
});

test('response mapping ignores a status code outside 100-599', () => {
  const mapping = new ResponseMapping({ '404': { 'overwrite:statuscode': '999' } });
  assert.equal(mapping.apply({ statusCode: 404, headers: {} }, context()).statusCode, 404);
});

test('$context variables: ids, stage, route, source ip without the IPv4-mapped prefix, claims as text', () => {
  const ctx = context();
  assert.equal(ctx.variable('requestId'), 'REQ1');
  assert.equal(ctx.variable('extendedRequestId'), 'REQ1');
  assert.equal(ctx.variable('identity.sourceIp'), '10.1.2.3');
  assert.equal(ctx.variable('domainPrefix'), 'abc');
  assert.equal(ctx.variable('authorizer.claims.sub'), 'alice');
  assert.equal(ctx.variable('authorizer.claims.groups'), '["a","b"]');
  assert.equal(ctx.variable('nonsense'), undefined);
});
