/** The embedded SQS engine: the plan's queues with their attributes, both protocols, durability, inspection. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import pino from 'pino';
import { startSqs } from '../../src/engines/sqs/engine.js';
import { REGION, queuePlan, sqsClient } from './sqs-helpers.js';

const logger = pino({ level: 'silent' });
const url = (endpoint: string, name: string) => `${endpoint}/000000000000/${name}`;

function dataDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-sqs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the plan’s queues exist with the template’s attributes and redrive policy', async (t) => {
  const dir = dataDir(t);
  const queues = [queuePlan('jobs-dlq'), queuePlan('jobs', { visibilityTimeout: 7, delaySeconds: 3, receiveMessageWaitTimeSeconds: 2, maximumMessageSize: 2048, messageRetentionPeriod: 600, redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:${REGION}:123456789012:jobs-dlq`, maxReceiveCount: 3 } })];
  const engine = await startSqs({ dataDir: dir, queues, region: REGION, logger });
  t.after(() => engine.close());
  await engine.ready;
  const sqs = sqsClient(engine.endpoint);
  t.after(() => sqs.destroy());
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url(engine.endpoint, 'jobs'), AttributeNames: ['All'] }));
  assert.equal(Attributes?.VisibilityTimeout, '7');
  assert.equal(Attributes?.DelaySeconds, '3');
  assert.equal(Attributes?.ReceiveMessageWaitTimeSeconds, '2');
  assert.equal(Attributes?.MaximumMessageSize, '2048');
  assert.equal(Attributes?.MessageRetentionPeriod, '600');
  assert.deepEqual(JSON.parse(Attributes?.RedrivePolicy ?? '{}'), { deadLetterTargetArn: `arn:aws:sqs:${REGION}:000000000000:jobs-dlq`, maxReceiveCount: 3 });
  const counts = await engine.counts();
  assert.deepEqual(counts.map((queue) => [queue.name, queue.deadLetter?.queue]), [['jobs', 'jobs-dlq'], ['jobs-dlq', undefined]]);
});

test('a message received maxReceiveCount times without being deleted moves to the dead-letter queue', async (t) => {
  const queues = [queuePlan('dlq'), queuePlan('work', { visibilityTimeout: 0, redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:${REGION}:000000000000:dlq`, maxReceiveCount: 2 } })];
  const engine = await startSqs({ dataDir: dataDir(t), queues, region: REGION, logger });
  t.after(() => engine.close());
  await engine.ready;
  const sqs = sqsClient(engine.endpoint);
  t.after(() => sqs.destroy());
  await sqs.send(new SendMessageCommand({ QueueUrl: url(engine.endpoint, 'work'), MessageBody: 'poison' }));
  for (let receive = 1; receive <= 2; receive++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url(engine.endpoint, 'work'), WaitTimeSeconds: 1 }));
    assert.equal(Messages?.length, 1, `receive ${receive}`);
  }
  const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url(engine.endpoint, 'work'), WaitTimeSeconds: 1 }));
  assert.equal(third.Messages, undefined);
  const counts = await engine.counts();
  assert.deepEqual(counts.map((queue) => [queue.name, queue.visible]), [['dlq', 1], ['work', 0]]);
  const peeked = await engine.peek('dlq', 10);
  assert.equal(peeked?.[0]?.body, 'poison');
});

test('acknowledged messages and in-flight ones survive a restart; in-flight ones reappear after their visibility timeout', async (t) => {
  const dir = dataDir(t);
  const queues = [queuePlan('durable', { visibilityTimeout: 1 })];
  const first = await startSqs({ dataDir: dir, queues, region: REGION, logger });
  await first.ready;
  const sqs = sqsClient(first.endpoint);
  for (let i = 0; i < 5; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url(first.endpoint, 'durable'), MessageBody: `m${i}` }));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url(first.endpoint, 'durable'), MaxNumberOfMessages: 2 }));
  assert.equal(received.Messages?.length, 2);
  sqs.destroy();
  await first.close();

  const second = await startSqs({ dataDir: dir, queues, region: REGION, logger });
  t.after(() => second.close());
  await second.ready;
  const before = (await second.counts())[0];
  assert.equal((before?.visible ?? 0) + (before?.inFlight ?? 0), 5);
  const again = sqsClient(second.endpoint);
  t.after(() => again.destroy());
  const bodies = new Set<string>();
  const deadline = Date.now() + 5000;
  while (bodies.size < 5 && Date.now() < deadline) {
    const { Messages = [] } = await again.send(new ReceiveMessageCommand({ QueueUrl: url(second.endpoint, 'durable'), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of Messages) {
      bodies.add(message.Body ?? '');
      await again.send(new DeleteMessageCommand({ QueueUrl: url(second.endpoint, 'durable'), ReceiptHandle: message.ReceiptHandle }));
    }
  }
  assert.deepEqual([...bodies].sort(), ['m0', 'm1', 'm2', 'm3', 'm4']);
});

test('peek shows visible, in-flight and delayed messages without consuming them', async (t) => {
  const engine = await startSqs({ dataDir: dataDir(t), queues: [queuePlan('peeked')], region: REGION, logger });
  t.after(() => engine.close());
  await engine.ready;
  const sqs = sqsClient(engine.endpoint);
  t.after(() => sqs.destroy());
  const queueUrl = url(engine.endpoint, 'peeked');
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'held' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'later', DelaySeconds: 60 }));
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle, VisibilityTimeout: 60 }));
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'ready' }));
  const first = await engine.peek('peeked', 10);
  const second = await engine.peek('peeked', 10);
  assert.deepEqual(first?.map((m) => [m.state, m.body]), [['visible', 'ready'], ['in-flight', 'held'], ['delayed', 'later']]);
  assert.deepEqual(second, first);
  assert.equal(await engine.peek('nope', 10), undefined);
  assert.deepEqual((await engine.counts()).map((q) => [q.visible, q.inFlight, q.delayed]), [[1, 1, 1]]);
});
