/**
 * Throttling as the HTTP API documents it: token buckets (burst = size, rate = refill per second),
 * route settings over stage defaults, never above the account quota.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_THROTTLE, effectiveLimits, Throttles, TokenBucket } from '../../src/gateway/throttle.js';
import type { HttpApiPlan, StagePlan } from '../../src/plan/types.js';

test('a bucket lets `burst` requests through at once, then refills at `rate` per second', () => {
  let now = 0;
  const bucket = new TokenBucket(2, 3, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  now = 499;
  assert.equal(bucket.take(), false, 'under one token after 499 ms at 2/s');
  now = 500;
  assert.equal(bucket.take(), true, 'one token after 500 ms');
  now = 60_000;
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false], 'never more than burst');
});

test('a limit of zero blocks every request', () => {
  const bucket = new TokenBucket(0, 0, () => 0);
  assert.equal(bucket.take(), false);
});

test('route settings override the stage default field by field; the account quota caps both', () => {
  assert.deepEqual(effectiveLimits({ rateLimit: 100, burstLimit: 200 }, { burstLimit: 5 }), { rateLimit: 100, burstLimit: 5 });
  assert.deepEqual(effectiveLimits({}, undefined), ACCOUNT_THROTTLE);
  assert.deepEqual(effectiveLimits({ rateLimit: 50_000, burstLimit: 9_000 }, undefined), ACCOUNT_THROTTLE);
});

test('each stage and route has its own bucket', () => {
  const stage: StagePlan = { id: 's', name: '$default', autoDeploy: true, stageVariables: {}, defaultRouteSettings: { rateLimit: 0, burstLimit: 1 }, routeSettings: { 'GET /b': { burstLimit: 2 } } };
  const throttles = new Throttles({ id: 'api' } as HttpApiPlan, () => 0);
  assert.deepEqual([throttles.allow(stage, 'GET /a'), throttles.allow(stage, 'GET /a')], [true, false]);
  assert.deepEqual([throttles.allow(stage, 'GET /b'), throttles.allow(stage, 'GET /b'), throttles.allow(stage, 'GET /b')], [true, true, false]);
});
