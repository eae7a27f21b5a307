/**
 * The embedded engines gatelink runs (SQS and DynamoDB), shaped as the stack shapes them: the jobs
 * queue with its dead-letter queue after 3 receives, and the results table keyed by message id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startDynamoDb, startSqs } from 'gatelink';
import type { QueuePlan, TablePlan } from 'gatelink';
import pino from 'pino';

const REGION = 'us-east-1';
/** The jobs queue's visibility timeout in these tests. */
export const VISIBILITY_TIMEOUT_SECONDS = 10;
const queue = (name: string, extra: Partial<QueuePlan> = {}): QueuePlan => ({
  id: `T/${name}`,
  queueName: name,
  queueUrl: `https://sqs.${REGION}.amazonaws.com/000000000000/${name}`,
  arn: `arn:aws:sqs:${REGION}:000000000000:${name}`,
  fifo: false,
  contentBasedDeduplication: false,
  visibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
  delaySeconds: 0,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 1_048_576,
  ...extra,
});
const table = { id: 'T/results', tableName: 'results', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }], globalSecondaryIndexes: [], localSecondaryIndexes: [], billingMode: 'PAY_PER_REQUEST' } as TablePlan;

export interface Engines {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly tableName: string;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  close(): Promise<void>;
}

export async function startEngines(): Promise<Engines> {
  const dir = mkdtempSync(path.join(tmpdir(), 'queue-worker-'));
  const logger = pino({ level: 'silent' });
  const queues = [queue('jobs-dlq'), queue('jobs', { redrivePolicy: { deadLetterTargetArn: `arn:aws:sqs:${REGION}:000000000000:jobs-dlq`, maxReceiveCount: 3 } })];
  const [sqsEngine, dynamo] = await Promise.all([
    startSqs({ dataDir: path.join(dir, 'sqs'), queues, region: REGION, logger }),
    startDynamoDb({ dataDir: path.join(dir, 'dynamodb'), tables: [table], region: REGION, logger }),
  ]);
  await Promise.all([sqsEngine.ready, dynamo.ready]);
  const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
  const sqs = new SQSClient({ endpoint: sqsEngine.endpoint, region: REGION, credentials });
  const dynamodb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials });
  return {
    queueUrl: `${sqsEngine.endpoint}/000000000000/jobs`,
    dlqUrl: `${sqsEngine.endpoint}/000000000000/jobs-dlq`,
    tableName: 'results',
    sqs,
    dynamodb,
    close: async () => {
      sqs.destroy();
      dynamodb.destroy();
      await Promise.all([sqsEngine.close(), dynamo.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
