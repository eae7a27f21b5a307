/** AWS::SQS::Queue in the plan: AWS's defaults, Ref/GetAtt as AWS gives them, redrive policies, and what CloudFormation would refuse. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadTemplate } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/index.js';

async function plan(t: { after(fn: () => void): void }, resources: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-queues-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'Q.template.json');
  writeFileSync(file, JSON.stringify({ Resources: resources }));
  return buildPlan(await loadTemplate(file), { region: 'eu-west-1', accountId: '123456789012' });
}

const taskDefinitionWith = (environment: Record<string, unknown>) => ({
  Type: 'AWS::ECS::TaskDefinition',
  Properties: { ContainerDefinitions: [{ Name: 'c', Image: 'x', Environment: Object.entries(environment).map(([Name, Value]) => ({ Name, Value })) }] },
});

test('defaults, generated names, and Ref / GetAtt Arn, QueueName, QueueUrl as AWS gives them', async (t) => {
  const p = await plan(t, {
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
    Jobs: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, ContentBasedDeduplication: true, VisibilityTimeout: 45, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 } } },
    Plain: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'plain' } },
    Policy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Plain' }] } },
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    Service: { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Task' }, DesiredCount: 1 } },
    Task: taskDefinitionWith({ URL: { Ref: 'Plain' }, ARN: { 'Fn::GetAtt': ['Plain', 'Arn'] }, NAME: { 'Fn::GetAtt': ['Jobs', 'QueueName'] }, URL2: { 'Fn::GetAtt': ['Jobs', 'QueueUrl'] } }),
  });
  const plain = (p.queues ?? []).find((q) => q.queueName === 'plain');
  assert.deepEqual(plain && { ...plain }, {
    id: 'Q/Plain', queueName: 'plain', queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/plain', arn: 'arn:aws:sqs:eu-west-1:123456789012:plain',
    fifo: false, contentBasedDeduplication: false, visibilityTimeout: 30, delaySeconds: 0, messageRetentionPeriod: 345_600, receiveMessageWaitTimeSeconds: 0, maximumMessageSize: 1_048_576,
  });
  const jobs = (p.queues ?? []).find((q) => q.id === 'Q/Jobs');
  assert.match(jobs?.queueName ?? '', /^Q-Jobs-[A-Z0-9]{12}\.fifo$/);
  assert.equal(jobs?.contentBasedDeduplication, true);
  assert.equal(jobs?.visibilityTimeout, 45);
  assert.deepEqual(jobs?.redrivePolicy, { deadLetterTargetArn: (p.queues ?? []).find((q) => q.id === 'Q/Dlq')?.arn, maxReceiveCount: 3 });
  assert.equal(p.support.find((note) => note.type === 'AWS::SQS::QueuePolicy')?.level, 'ignored');
  const env = p.ecsServices[0]?.taskDefinition.containers[0]?.environment;
  assert.deepEqual(env, { URL: plain?.queueUrl, ARN: plain?.arn, NAME: jobs?.queueName, URL2: jobs?.queueUrl });
});

test('out-of-range attributes, a dead-letter queue of another type or outside the app: refused as CloudFormation / SQS would', async (t) => {
  await assert.rejects(
    plan(t, {
      Slow: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 43_201, ReceiveMessageWaitTimeSeconds: 21 } },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: {} },
      Fifo: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 } } },
      Lost: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:999999999999:elsewhere', maxReceiveCount: 2 }) } },
    }),
    (error: unknown) =>
      isGatelinkError(error, 'GL_ERR_PLAN_INVALID') &&
      /Q\/Slow: VisibilityTimeout 43201 is outside 0–43200/.test(error.message) &&
      /Q\/Slow: ReceiveMessageWaitTimeSeconds 21 is outside 0–20/.test(error.message) &&
      /Q\/Fifo: a FIFO queue needs a dead-letter queue of the same type/.test(error.message) &&
      /Q\/Lost: its dead-letter queue arn:aws:sqs:eu-west-1:999999999999:elsewhere is not a queue of this app/.test(error.message),
  );
});
