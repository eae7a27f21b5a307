import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTaskEnv } from '../../src/ecs/task-env.js';

test('task env: image ENV, then the task definition, then what gatelink must set', () => {
  process.env.AWS_PROFILE = 'prod-admin';
  process.env.SECRET_FROM_HOST = 'x';
  const env = buildTaskEnv({
    imageEnv: { NODE_ENV: 'production', PORT: '8080', SHARED: 'image' },
    taskDefinitionEnv: { BOOKS_TABLE: 'Books-1', SHARED: 'taskdef' },
    port: 41234,
    region: 'us-west-2',
    engines: { dynamodb: 'http://127.0.0.1:5555' },
    metadata: { cluster: 'c', service: 's', taskId: 't' },
  });
  assert.equal(env.SHARED, 'taskdef', 'task definition environment overrides the image');
  assert.equal(env.PORT, '41234', 'PORT is the task’s own port, whatever the image says');
  assert.equal(env.AWS_ENDPOINT_URL_DYNAMODB, 'http://127.0.0.1:5555');
  assert.equal(env.AWS_REGION, 'us-west-2');
  assert.equal(env.AWS_PROFILE, undefined, 'host credentials never reach a task');
  assert.equal(env.SECRET_FROM_HOST, undefined, 'the host environment is not inherited');
  assert.ok(env.PATH, 'PATH is passed so programs can be found');
  delete process.env.AWS_PROFILE;
  delete process.env.SECRET_FROM_HOST;
});

test('task env: with queues, AWS_ENDPOINT_URL_SQS is set and queue URLs point at the engine (the SDK sends to the QueueUrl’s host)', () => {
  const env = buildTaskEnv({
    imageEnv: {},
    taskDefinitionEnv: { QUEUE_URL: 'https://sqs.us-west-2.amazonaws.com/000000000000/jobs', QUEUE_ARN: 'arn:aws:sqs:us-west-2:000000000000:jobs', OTHER_REGION: 'https://sqs.eu-west-1.amazonaws.com/1/x' },
    port: 1,
    region: 'us-west-2',
    engines: { sqs: 'http://127.0.0.1:6000' },
    metadata: { cluster: 'c', service: 's', taskId: 't' },
  });
  assert.equal(env.AWS_ENDPOINT_URL_SQS, 'http://127.0.0.1:6000');
  assert.equal(env.QUEUE_URL, 'http://127.0.0.1:6000/000000000000/jobs');
  assert.equal(env.QUEUE_ARN, 'arn:aws:sqs:us-west-2:000000000000:jobs', 'ARNs are left as they are');
  assert.equal(env.OTHER_REGION, 'https://sqs.eu-west-1.amazonaws.com/1/x', 'another region’s queue is not this engine’s');
});
