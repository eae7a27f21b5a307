/**
 * Route selection, table-driven from AWS's worked example:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RouteTable } from '../../src/gateway/routes.js';
import type { RoutePlan } from '../../src/plan/types.js';

function route(routeKey: string): RoutePlan {
  const [method, path] = routeKey === '$default' ? ['$default', undefined] : routeKey.split(' ');
  return { id: routeKey, routeKey, method: method ?? '', ...(path ? { path } : {}), authorizationType: 'NONE', authorizationScopes: [] };
}

const docsExample = new RouteTable(['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'].map(route));

const cases: [RouteTable, string, string, string | undefined, Record<string, string>?][] = [
  [docsExample, 'GET', '/pets/dog/1', 'GET /pets/dog/1'],
  [docsExample, 'GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
  [docsExample, 'GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
  [docsExample, 'POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
  [docsExample, 'GET', '/', '$default'],
  [new RouteTable(['ANY /{proxy+}'].map(route)), 'GET', '/', undefined],
  [new RouteTable(['ANY /{proxy+}'].map(route)), 'GET', '/a/b/c', 'ANY /{proxy+}', { proxy: 'a/b/c' }],
  [new RouteTable(['GET /items', 'ANY /items'].map(route)), 'GET', '/items', 'GET /items'],
  [new RouteTable(['GET /items', 'ANY /items'].map(route)), 'DELETE', '/items', 'ANY /items'],
  [new RouteTable(['GET /items'].map(route)), 'POST', '/items', undefined],
  [new RouteTable(['GET /Items'].map(route)), 'GET', '/items', undefined],
  [new RouteTable(['GET /a/{x}', 'GET /a/b'].map(route)), 'GET', '/a/b', 'GET /a/b'],
  [new RouteTable(['GET /{proxy+}', 'ANY /api/{proxy+}'].map(route)), 'GET', '/api/x', 'ANY /api/{proxy+}'],
  [new RouteTable(['GET /a/{id}'].map(route)), 'GET', '/a/', undefined],
  [new RouteTable(['GET /users/{id}/{proxy+}'].map(route)), 'GET', '/users/42/a//b/', 'GET /users/{id}/{proxy+}', { id: '42', proxy: 'a//b/' }],
  [docsExample, 'GET', '/pets/', 'ANY /{proxy+}', { proxy: 'pets/' }],
  [docsExample, 'GET', '/pets/dog/', 'GET /pets/{proxy+}', { proxy: 'dog/' }],
];

for (const [table, method, path, expected, parameters] of cases) {
  test(`route selection: ${method} ${path} → ${expected ?? '404'}`, () => {
    const match = table.match(method, path);
    assert.equal(match?.route.routeKey, expected);
    if (parameters) assert.deepEqual(match?.pathParameters, parameters);
  });
}
