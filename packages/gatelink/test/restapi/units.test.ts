/** The REST data plane's pieces alone: resource matching, VTL, gateway responses, usage plans. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RestMethodPlan } from '../../src/plan/types.js';
import { ResourceTree } from '../../src/restapi/match.js';
import { GatewayResponses } from '../../src/restapi/responses.js';
import { periodOf, UsagePlans } from '../../src/restapi/usage-plans.js';
import { MappingTemplate, UTIL } from '../../src/restapi/vtl.js';

const method = (httpMethod: string, resourcePath: string): RestMethodPlan => ({
  id: `${httpMethod} ${resourcePath}`, resourcePath, httpMethod, authorizationType: 'NONE', authorizationScopes: [], apiKeyRequired: true, requestParameters: {}, requestModels: {},
  integration: { type: 'MOCK', connectionType: 'INTERNET', timeoutMs: 29_000, requestParameters: {}, requestTemplates: {}, passthroughBehavior: 'WHEN_NO_MATCH', integrationResponses: [] },
  methodResponses: [],
});

test('resource matching: literal, then {param}, then {proxy+}; exact method, then ANY', () => {
  const tree = new ResourceTree([method('GET', '/pets/{id}'), method('GET', '/pets/mine'), method('ANY', '/pets/{id}'), method('ANY', '/{proxy+}'), method('POST', '/')]);
  assert.equal(tree.match('GET', '/pets/mine')?.method.resourcePath, '/pets/mine');
  assert.deepEqual(tree.match('GET', '/pets/7')?.pathParameters, { id: '7' });
  assert.equal(tree.match('DELETE', '/pets/7')?.method.httpMethod, 'ANY');
  assert.deepEqual(tree.match('GET', '/a/b%2Fc/d')?.pathParameters, { proxy: 'a/b/c/d' });
  assert.equal(tree.match('POST', '/')?.method.resourcePath, '/');
  assert.equal(tree.match('GET', '/'), undefined, '{proxy+} needs at least one segment');
  assert.equal(new ResourceTree([method('GET', '/a')]).match('GET', '/b'), undefined);
});

test('VTL: $input, $util, $context overrides', () => {
  const input = { body: '{"a":{"b":[1,2]},"s":"x\\"y"}', params: { path: { id: '7' }, querystring: { q: 'z' }, header: { H: 'h' } }, context: { requestId: 'r' }, stageVariables: { v: 'w' } };
  const render = (source: string) => new MappingTemplate(source).render(input);
  assert.equal(render("$input.json('$.a')").output, '{"b":[1,2]}');
  assert.equal(render("$input.path('$.a.b').size()").output, '2');
  assert.equal(render("$input.params('id')-$input.params('q')-$input.params('H')").output, '7-z-h');
  assert.equal(render('$stageVariables.v $context.requestId').output, 'w r');
  assert.equal(render('#set($context.responseOverride.status = 202)#set($context.requestOverride.header.X = "1")').overrides.responseStatus, 202);
  assert.deepEqual(render('#set($context.requestOverride.header.X = "1")').overrides.requestHeaders, { X: '1' });
  assert.equal(UTIL.escapeJavaScript('a"b\'c/d\n'), 'a\\"b\\\'c\\/d\\n');
  assert.equal(UTIL.urlEncode('a b&c=d~'), 'a+b%26c%3Dd%7E');
  assert.equal(UTIL.urlDecode('a+b%26'), 'a b&');
  assert.equal(UTIL.base64Decode(UTIL.base64Encode('héllo')), 'héllo');
  assert.deepEqual(UTIL.parseJson('{"k":[1]}'), { k: [1] });
});

test('gateway responses: built-in bodies, a type’s own setting, then the class default', () => {
  const values = (expression: string) => (expression === 'context.stage' ? 'prod' : expression === 'context.error.messageString' ? '"Forbidden"' : undefined);
  const none = new GatewayResponses([]);
  assert.deepEqual(none.render('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token', values), { status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MissingAuthenticationTokenException' }, body: '{"message":"Missing Authentication Token"}' });
  const custom = new GatewayResponses([
    { responseType: 'DEFAULT_4XX', responseParameters: { 'gatewayresponse.header.x-a': "'1'" }, responseTemplates: { 'application/json': '{"m":$context.error.messageString,"s":"$context.stage"}' } },
    { responseType: 'INVALID_API_KEY', statusCode: 401, responseParameters: {}, responseTemplates: {} },
  ]);
  const key = custom.render('INVALID_API_KEY', 'Forbidden', values);
  assert.equal(key.status, 401);
  assert.equal(key.headers['x-a'], '1');
  assert.equal(key.body, '{"m":"Forbidden","s":"prod"}');
  assert.equal(custom.render('DEFAULT_5XX', 'Internal server error', values).headers['x-a'], undefined);
  assert.equal(custom.render('REQUEST_TOO_LARGE', 'Request Too Long', values).body, '{"message":"Request Too Long"}', 'REQUEST_TOO_LARGE cannot be customised');
});

test('usage plans: key must be in a plan of the stage; throttle per key; quota per period', () => {
  let now = Date.UTC(2026, 0, 5, 10);
  const keys = [{ id: 'K', name: 'k', value: 'v'.repeat(20), enabled: true, generated: false }, { id: 'D', name: 'd', value: 'd'.repeat(20), enabled: false, generated: false }];
  const plans = [{ id: 'P', name: 'p', stages: [{ apiId: 'A', stage: 'prod', methodThrottles: {} }], throttle: { burstLimit: 100, rateLimit: 100 }, quota: { limit: 2, period: 'DAY' as const, offset: 0 }, apiKeyIds: ['K', 'D'] }];
  const usage = new UsagePlans('A', keys, plans, () => now);
  const m = method('GET', '/x');
  assert.deepEqual(usage.admit(undefined, 'prod', m), { allowed: false, response: 'INVALID_API_KEY' });
  assert.deepEqual(usage.admit('d'.repeat(20), 'prod', m), { allowed: false, response: 'INVALID_API_KEY' }, 'a disabled key');
  assert.deepEqual(usage.admit('v'.repeat(20), 'dev', m), { allowed: false, response: 'INVALID_API_KEY' }, 'a stage the plan does not cover');
  assert.equal(usage.admit('v'.repeat(20), 'prod', m).allowed, true);
  assert.equal(usage.admit('v'.repeat(20), 'prod', m).allowed, true);
  assert.deepEqual(usage.admit('v'.repeat(20), 'prod', m), { allowed: false, response: 'QUOTA_EXCEEDED' });
  now += 24 * 3600 * 1000;
  assert.equal(usage.admit('v'.repeat(20), 'prod', m).allowed, true, 'a new day, a new quota');
  assert.equal(periodOf(new Date(Date.UTC(2026, 0, 7)), 'WEEK'), 'week-of-2026-01-05');
  assert.equal(periodOf(new Date(Date.UTC(2026, 0, 7)), 'MONTH'), '2026-01');
});
