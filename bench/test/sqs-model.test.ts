import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { combine, conservation, cpuPerMessageUs, formatSqsReport, localApiKey, rate, ratioToSdk } from '../src/sqs-model.js';
import type { SqsRun } from '../src/sqs-model.js';

const run = (overrides: Partial<SqsRun>): SqsRun => ({ path: 'sdk', concurrency: 1, seconds: 10, acknowledged: 1000, errors: 0, gatelinkCpu: 0.5, clientCpu: 0.2, backgroundPercent: 3, ...overrides });

test('the local API key is sha-256 of <stack>/<logical id>/api-key, 40 hex, as gatelink derives it', () => {
  const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue' }, ApiApiKey1234: { Type: 'AWS::ApiGateway::ApiKey' } } };
  assert.equal(localApiKey('S', template), createHash('sha256').update('S/ApiApiKey1234/api-key').digest('hex').slice(0, 40));
  assert.throws(() => localApiKey('S', { Resources: {} }), /no AWS::ApiGateway::ApiKey in S/);
});

test('rounds of the same path and concurrency add up; the rate is over their summed time', () => {
  const [sdk, api] = combine([run({}), run({ path: 'rest-api', acknowledged: 400 }), run({ acknowledged: 1400, backgroundPercent: 9 })]);
  assert.equal(sdk?.acknowledged, 2400);
  assert.equal(sdk?.seconds, 20);
  assert.equal(rate(sdk!), 120);
  assert.equal(sdk?.backgroundPercent, 9, 'the most disturbed round is what the row admits to');
  assert.equal(api?.acknowledged, 400);
});

test('the ratio is the REST API path over the SDK loop at the same concurrency; CPU is per acknowledged message', () => {
  const runs = [run({}), run({ path: 'rest-api', acknowledged: 500 }), run({ concurrency: 32, acknowledged: 4000 }), run({ path: 'rest-api', concurrency: 32, acknowledged: 1000 })];
  assert.equal(ratioToSdk(runs, runs[1]!), 0.5);
  assert.equal(ratioToSdk(runs, runs[3]!), 0.25);
  assert.ok(Number.isNaN(ratioToSdk([runs[1]!], runs[1]!)), 'no SDK run to compare with');
  assert.equal(cpuPerMessageUs(0.5, 1000), 500);
  assert.ok(Number.isNaN(cpuPerMessageUs(1, 0)));
});

test('the queue check: every acknowledged message stored; an extra one only for a send that failed', () => {
  assert.deepEqual(conservation(5, 105, 100, 0), { acknowledged: 100, stored: 100, lost: 0, extra: 0, ok: true });
  assert.equal(conservation(0, 99, 100, 0).ok, false, 'one acknowledged message lost');
  assert.equal(conservation(0, 99, 100, 0).lost, 1);
  assert.equal(conservation(0, 101, 100, 0).ok, false, 'a message nobody acknowledged nor sent');
  assert.equal(conservation(0, 101, 100, 1).ok, true, 'a send that timed out after the engine stored it');
});

test('the report: one row per path and concurrency, the ratio, and the queue check', () => {
  const runs = [run({}), run({ path: 'rest-api', acknowledged: 500 })];
  const report = formatSqsReport(runs, conservation(0, 1500, 1500, 0), ['a note']);
  assert.match(report, /REST API → SQS integration.*\s1\s+50\s+0\.50\s+1,000\s+400\s+0\s+3 %/);
  assert.match(report, /queue check: 1,500 messages stored = 1,500 acknowledged/);
  assert.match(report, /- a note/);
  assert.match(formatSqsReport(runs, conservation(0, 1400, 1500, 0), []), /queue check FAILED: 1500 acknowledged, 1400 stored \(100 lost/);
});
