/**
 * The circuit breaker's count of failed tasks, as ECS keeps it: ceil(desired / 2) failures (at least
 * 3) fail the deployment, and with `resetOnHealthyTask` (the default) a task of the deployment that
 * becomes healthy starts the count again.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { DeploymentHistory } from '../../src/ecs/deployment-history.js';

const logger = pino({ level: 'silent' });
const DESIRED = 2; // threshold 3

function deploying(): DeploymentHistory {
  const history = new DeploymentHistory('svc', logger);
  history.completed(1, DESIRED);
  history.start(2, 'test release');
  return history;
}

test('resetOnHealthyTask (default): a healthy task of the deployment resets the count, so failures spread over a release do not trip it', () => {
  const breaker = { enable: true, rollback: true, resetOnHealthyTask: true };
  const history = deploying();
  assert.equal(history.taskFailed(2, DESIRED, breaker).action, 'none');
  assert.equal(history.taskFailed(2, DESIRED, breaker).action, 'none');
  history.taskHealthy(2, breaker);
  assert.equal(history.inProgress()?.failedTasks, 0);
  assert.equal(history.taskFailed(2, DESIRED, breaker).action, 'none');
  assert.equal(history.taskFailed(2, DESIRED, breaker).action, 'none');
  assert.deepEqual(history.taskFailed(2, DESIRED, breaker), { action: 'rollback', toRevision: 1 }, 'three in a row still trip it');
});

test('resetOnHealthyTask false: healthy tasks leave the count alone', () => {
  const breaker = { enable: true, rollback: false, resetOnHealthyTask: false };
  const history = deploying();
  history.taskFailed(2, DESIRED, breaker);
  history.taskFailed(2, DESIRED, breaker);
  history.taskHealthy(2, breaker);
  assert.equal(history.inProgress()?.failedTasks, 2);
  assert.deepEqual(history.taskFailed(2, DESIRED, breaker), { action: 'halt' });
  assert.equal(history.snapshot()[0]?.status, 'FAILED');
});

test('a healthy task of another revision (an old one still serving) does not reset the deployment’s count', () => {
  const breaker = { enable: true, rollback: true, resetOnHealthyTask: true };
  const history = deploying();
  history.taskFailed(2, DESIRED, breaker);
  history.taskHealthy(1, breaker);
  assert.equal(history.inProgress()?.failedTasks, 1);
});
