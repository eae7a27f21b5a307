/** The two clocks: AWS's values from the template, or the local ones that compress them (never the counts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCAL_LIMITS, timingProfile } from '../../src/timing/profile.js';
import { healthCheck } from '../elb/helpers.js';

test('local health checks: 100 ms until a target settles, 1 s once healthy, never slower than the template', () => {
  const local = timingProfile('local');
  const aws30 = healthCheck({ intervalSeconds: 30, timeoutSeconds: 5 });
  assert.equal(local.healthCheckIntervalMs(aws30), LOCAL_LIMITS.healthCheckIntervalMs);
  assert.equal(local.healthCheckSteadyIntervalMs(aws30), LOCAL_LIMITS.healthCheckSteadyIntervalMs);
  assert.ok(LOCAL_LIMITS.healthCheckSteadyIntervalMs > LOCAL_LIMITS.healthCheckIntervalMs);
  const tiny = { ...aws30, intervalSeconds: 0.05 };
  assert.equal(local.healthCheckSteadyIntervalMs(tiny), 50, 'a template faster than the local cap keeps its own interval');
  assert.equal(local.healthCheckTimeoutMs(aws30), 1_000);
});

test('--aws-timings: every health-check clock is the template’s, healthy or not', () => {
  const aws = timingProfile('aws');
  const check = healthCheck({ intervalSeconds: 15, timeoutSeconds: 4 });
  assert.equal(aws.healthCheckIntervalMs(check), 15_000);
  assert.equal(aws.healthCheckSteadyIntervalMs(check), 15_000);
  assert.equal(aws.healthCheckTimeoutMs(check), 4_000);
  assert.equal(aws.restartBackoffMs(1), 0, 'the first launch is not delayed');
});

test('a task without load balancer or container health check counts as healthy 40 s after RUNNING in AWS, 3 s locally', () => {
  assert.equal(timingProfile('aws').unsignalledHealthyAfterMs(), 40_000);
  assert.equal(timingProfile('local').unsignalledHealthyAfterMs(), LOCAL_LIMITS.unsignalledHealthyAfterMs);
  assert.ok(LOCAL_LIMITS.unsignalledHealthyAfterMs >= 1_000, 'long enough for a worker that fails at start-up to have failed');
});
