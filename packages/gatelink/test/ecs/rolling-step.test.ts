/**
 * The rolling-update step: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
 * (minimumHealthyPercent is the floor of healthy tasks, maximumPercent the ceiling of running ones).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { circuitBreakerThreshold, rollingStep } from '../../src/ecs/deployment.js';
import type { FleetTask } from '../../src/ecs/deployment.js';

const task = (id: string, revision: number, healthy = true): FleetTask => ({ id, revision, healthy });
const base = { desiredCount: 2, minimumHealthyPercent: 100, maximumPercent: 200, targetRevision: 2, pendingLaunches: 0 };

test('100/200: start two new tasks first, stop no healthy old task', () => {
  assert.deepEqual(rollingStep({ ...base, tasks: [task('a', 1), task('b', 1)] }), { stop: [], launch: 2, done: false });
});

test('100/200: each healthy new task lets one old task go', () => {
  const step = rollingStep({ ...base, tasks: [task('a', 1), task('b', 1), task('c', 2), task('d', 2, false)] });
  assert.deepEqual(step, { stop: ['a'], launch: 0, done: false });
});

test('50/100: stop one old task to make room, then launch one', () => {
  const step = rollingStep({ ...base, minimumHealthyPercent: 50, maximumPercent: 100, tasks: [task('a', 1), task('b', 1)] });
  assert.deepEqual(step, { stop: ['a'], launch: 1, done: false });
});

test('unhealthy old tasks are stopped first, whatever the floor', () => {
  const step = rollingStep({ ...base, tasks: [task('a', 1), task('b', 1, false)] });
  assert.deepEqual(step.stop, ['b']);
});

test('100/100 would deadlock: one task below desired is allowed', () => {
  const step = rollingStep({ ...base, maximumPercent: 100, tasks: [task('a', 1), task('b', 1)] });
  assert.deepEqual(step, { stop: ['a'], launch: 1, done: false });
});

test('not done while a task of the old revision is still stopping', () => {
  const fleet = [task('c', 2), task('d', 2)];
  assert.equal(rollingStep({ ...base, tasks: fleet, leaving: 1 }).done, false);
  assert.equal(rollingStep({ ...base, tasks: fleet, leaving: 0 }).done, true);
});

test('pending launches count as new tasks: no double launch', () => {
  assert.equal(rollingStep({ ...base, tasks: [task('a', 1), task('b', 1)], pendingLaunches: 2 }).launch, 0);
});

test('steady state: replace what is missing, trim a surplus, done when all are healthy', () => {
  assert.deepEqual(rollingStep({ ...base, targetRevision: 1, tasks: [task('a', 1)] }), { stop: [], launch: 1, done: false });
  assert.deepEqual(rollingStep({ ...base, targetRevision: 1, tasks: [task('a', 1), task('b', 1), task('c', 1, false)] }).stop, ['c']);
  assert.equal(rollingStep({ ...base, targetRevision: 1, tasks: [task('a', 1), task('b', 1)] }).done, true);
});

test('circuit breaker threshold: half the desired count, at least 3, at most 200', () => {
  assert.deepEqual([1, 2, 10, 1000].map(circuitBreakerThreshold), [3, 3, 5, 200]);
});
