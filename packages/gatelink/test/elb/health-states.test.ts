import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { parseSuccessCodes } from '../../src/elb/health/matcher.js';
import { applyCheck, INITIAL_CHECKING } from '../../src/elb/health/states.js';
import type { CheckResult, HealthStatus } from '../../src/elb/health/states.js';

const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html';
const OK: CheckResult = { ok: true };
const BAD: CheckResult = { ok: false, reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' };
const TIMEOUT: CheckResult = { ok: false, reason: 'Target.Timeout', description: 'Request timed out' };
const thresholds = { healthyThreshold: 3, unhealthyThreshold: 2 };

function run(results: CheckResult[], start: HealthStatus = INITIAL_CHECKING): string[] {
  const states: string[] = [];
  let status = start;
  for (const result of results) {
    status = applyCheck(status, result, thresholds);
    states.push(status.reason ? `${status.state}:${status.reason}` : status.state);
  }
  return states;
}

const cases: { name: string; results: CheckResult[]; expect: string[] }[] = [
  { name: 'a new target is healthy after one passed check', results: [OK], expect: ['healthy'] },
  { name: 'a new target is unhealthy after unhealthyThreshold failures', results: [BAD, BAD], expect: ['initial:Elb.InitialHealthChecking', 'unhealthy:Target.ResponseCodeMismatch'] },
  { name: 'a failure then a pass still makes a new target healthy', results: [BAD, OK], expect: ['initial:Elb.InitialHealthChecking', 'healthy'] },
  { name: 'a healthy target needs consecutive failures', results: [OK, BAD, OK, BAD, OK], expect: ['healthy', 'healthy', 'healthy', 'healthy', 'healthy'] },
  { name: 'a healthy target goes unhealthy after unhealthyThreshold consecutive failures', results: [OK, BAD, TIMEOUT], expect: ['healthy', 'healthy', 'unhealthy:Target.Timeout'] },
  {
    name: 'an unhealthy target recovers after healthyThreshold consecutive successes',
    results: [BAD, BAD, OK, OK, OK],
    expect: ['initial:Elb.InitialHealthChecking', 'unhealthy:Target.ResponseCodeMismatch', 'unhealthy:Target.ResponseCodeMismatch', 'unhealthy:Target.ResponseCodeMismatch', 'healthy'],
  },
  {
    name: 'a failure resets the success streak of an unhealthy target',
    results: [BAD, BAD, OK, OK, BAD, OK, OK, OK],
    expect: [
      'initial:Elb.InitialHealthChecking',
      'unhealthy:Target.ResponseCodeMismatch',
      'unhealthy:Target.ResponseCodeMismatch',
      'unhealthy:Target.ResponseCodeMismatch',
      'unhealthy:Target.ResponseCodeMismatch',
      'unhealthy:Target.ResponseCodeMismatch',
      'unhealthy:Target.ResponseCodeMismatch',
      'healthy',
    ],
  },
  { name: 'an unhealthy target keeps the latest failure reason', results: [BAD, BAD, TIMEOUT], expect: ['initial:Elb.InitialHealthChecking', 'unhealthy:Target.ResponseCodeMismatch', 'unhealthy:Target.Timeout'] },
];

for (const c of cases) {
  test(`health state machine: ${c.name} (${DOC})`, () => {
    assert.deepEqual(run(c.results), c.expect);
  });
}

test('draining targets are not moved by health checks', () => {
  const draining: HealthStatus = { state: 'draining', reason: 'Target.DeregistrationInProgress', successes: 0, failures: 0 };
  assert.equal(applyCheck(draining, OK, thresholds), draining);
});

test(`success codes: single, list, range (${DOC}#health-check-settings)`, () => {
  const table: [string, number, boolean][] = [
    ['200', 200, true],
    ['200', 204, false],
    ['200,202', 202, true],
    ['200,202', 201, false],
    ['200-299', 299, true],
    ['200-299', 300, false],
    ['200,300-399', 302, true],
    [' 200 , 404 ', 404, true],
  ];
  for (const [matcher, status, expected] of table) assert.equal(parseSuccessCodes(matcher, 'Stack/Tg')(status), expected, `${matcher} / ${status}`);
});

test(`success codes outside 200-499 or malformed are rejected (${DOC}#health-check-settings)`, () => {
  for (const bad of ['100', '500', '200-600', '299-200', 'ok', '', '200,']) {
    assert.throws(() => parseSuccessCodes(bad, 'Stack/Tg'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'), bad);
  }
});
