import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { compileRules } from '../../src/elb/rules/compile.js';
import { RequestView } from '../../src/elb/rules/request-view.js';
import { compileWildcard } from '../../src/elb/rules/wildcard.js';
import type { ActionPlan } from '../../src/plan/types.js';
import { listenerPlan, proxyRequest, rule } from './helpers.js';

const LISTENERS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html';
const CONDITIONS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html';

const fixed = (body: string): ActionPlan => ({ type: 'fixed-response', statusCode: 200, messageBody: body });
const bodyOf = (action: ActionPlan): string => (action.type === 'fixed-response' ? (action.messageBody ?? '') : action.type);

function table() {
  // Deliberately out of order: evaluation must follow priority, not template order.
  const listener = listenerPlan({
    defaultActions: [fixed('default')],
    rules: [
      rule(10, [{ field: 'path-pattern', values: ['/api/*'] }], fixed('api')),
      rule(5, [{ field: 'path-pattern', values: ['/api/books*'] }], fixed('books')),
      rule(7, [{ field: 'path-pattern', values: ['/admin/*'] }, { field: 'http-request-method', values: ['POST', 'PUT'] }], fixed('admin-write')),
    ],
  });
  return compileRules(listener, (action) => action);
}

const match = (method: string, url: string): string => bodyOf(table().match(new RequestView(proxyRequest({ method, url }))).action);

test(`rules run lowest priority first (${LISTENERS}#listener-rules)`, () => {
  assert.equal(match('GET', '/api/books/1'), 'books');
  assert.equal(match('GET', '/api/authors'), 'api');
});

test(`a rule's conditions are AND'd, a condition's values OR'd (${CONDITIONS}#condition-basics)`, () => {
  assert.equal(match('POST', '/admin/users'), 'admin-write');
  assert.equal(match('PUT', '/admin/users'), 'admin-write');
  assert.equal(match('GET', '/admin/users'), 'default');
});

test(`the default rule runs last, when no rule matches (${LISTENERS}#listener-rules)`, () => {
  assert.equal(match('GET', '/'), 'default');
  const compiled = table();
  assert.deepEqual(compiled.rules.map((entry) => entry.rule.priority), [5, 7, 10, 'default']);
});

test(`two rules cannot share a priority: PriorityInUse (${LISTENERS})`, () => {
  const listener = listenerPlan({ rules: [rule(1, [], fixed('a')), { ...rule(1, [], fixed('b')), id: 'Stack/Other' }] });
  assert.throws(() => compileRules(listener, (action) => action), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG') && /PriorityInUse/.test(error.message));
});

test(`priorities are 1..50000 (${LISTENERS})`, () => {
  assert.throws(() => compileRules(listenerPlan({ rules: [rule(0, [], fixed('a'))] }), (action) => action), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
  assert.throws(() => compileRules(listenerPlan({ rules: [rule(50_001, [], fixed('a'))] }), (action) => action), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
});

test('the terminal action is the last one of a rule', () => {
  const listener = listenerPlan({ rules: [{ id: 'Stack/R', priority: 1, conditions: [], actions: [fixed('first'), fixed('last')] }] });
  assert.equal(bodyOf(compileRules(listener, (action) => action).match(new RequestView(proxyRequest())).action), 'last');
});

test('wildcards compile to the cheapest equivalent test', () => {
  const cases: [string, string, boolean][] = [
    ['/exact', '/exact', true],
    ['/exact', '/exact/', false],
    ['/prefix/*', '/prefix/a/b', true],
    ['/prefix/*', '/prefix', false],
    ['*.png', '/a/b.png', true],
    ['*.png', '/a/b.jpg', false],
    ['*', '', true],
    ['/a/**/b', '/a/x/y/b', true],
    ['/a+b(c)', '/a+b(c)', true],
    ['/a+b(c)', '/aab(c)', false],
    ['/?/x?', '/1/x2', true],
  ];
  for (const [pattern, input, expected] of cases) {
    assert.equal(compileWildcard(pattern, { ignoreCase: false, escapes: false })(input), expected, `${pattern} vs ${input}`);
  }
});
